"""A notebook as safe HTML: nbconvert's HTML exporter (its ``basic`` template: the cells without
a page around them) renders Markdown cells, code with Pygments and every output, then nh3 removes
everything outside an allow-list.

A notebook is the user's own HTML and JavaScript: Markdown cells may hold raw HTML, outputs may
be ``text/html`` (a DataFrame, or anything a cell printed as HTML) or ``application/javascript``.
The sanitizer keeps structure, tables, classes (layout and Pygments colours), links with
``http``/``https``/``mailto``, and images only as ``data:image/...`` URLs (the plots, no
requests to other addresses); scripts,
``style``, event attributes, ids, forms, iframes and inline SVG are removed. SVG output is
embedded by nbconvert as an ``<img>`` data URL, where browsers never run its scripts.
"""

from __future__ import annotations

import functools
import json
import re

import nbformat
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl",
    "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p",
    "pre", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto", "data"}
IMAGE_DATA_URL = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]*$")
MAX_CELLS = 2000


class NotebookFormatError(ValueError):
    """The file is not a notebook nbformat can read."""


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    # Images only from data: URLs of an image type (the plots): a URL would make the reader's
    # browser send a request of the notebook author's choosing. data: nowhere else (no links).
    if element == "img" and attribute == "src":
        return value if IMAGE_DATA_URL.match(value.strip()) else None
    if value.lstrip().lower().startswith("data:"):
        return None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def read_notebook(content: str | dict) -> nbformat.NotebookNode:
    """The notebook of a file's text (or parsed JSON), as nbformat 4; NotebookFormatError if it
    is not one."""
    try:
        # From text, as on disk: nbformat joins the line lists of sources and outputs on read.
        text = content if isinstance(content, str) else json.dumps(content)
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises JSON, validation and conversion errors alike
        raise NotebookFormatError(f"This is not a Jupyter notebook ({exc}).") from None
    if not isinstance(notebook.get("cells"), list):
        raise NotebookFormatError("This is not a Jupyter notebook (it has no cells).")
    if len(notebook.cells) > MAX_CELLS:
        raise NotebookFormatError(f"The notebook has more than {MAX_CELLS} cells.")
    return notebook


@functools.cache
def _exporter():
    from nbconvert import HTMLExporter

    # Imported on first use: nbconvert takes about half a second to import.
    return HTMLExporter(template_name="basic")


def notebook_html(content: str | dict) -> str:
    """Sanitized HTML of every cell of the notebook and its outputs."""
    notebook = read_notebook(content)
    body, _resources = _exporter().from_notebook_node(notebook)
    return sanitize_html(body)

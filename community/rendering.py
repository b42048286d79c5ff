"""Markdown to safe HTML for posts (and later profiles and lessons).

markdown-it-py parses CommonMark (with tables and strikethrough), Pygments colours fenced code
blocks, and nh3 (the Rust `ammonia` sanitizer) removes everything outside an allow-list: raw
HTML in the source is kept only when its tags, attributes and URL schemes are on that list, so
script tags, event handler attributes, `javascript:` links and inline SVG never reach a page.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    # Pygments marks tokens with classes; the stylesheet colours them.
    "span": {"class"},
    "pre": {"class"},
    "code": {"class"},
    "th": {"align"},
    "td": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto"}

FORMATTER = HtmlFormatter(nowrap=True)


def highlight_code(code: str, language: str, attrs: str) -> str:
    """Pygments HTML for a fenced block, or "" to let markdown-it escape it as plain text."""
    if not language:
        return ""
    try:
        lexer = get_lexer_by_name(language.split()[0])
    except ClassNotFound:
        return ""
    # markdown-it uses a result that starts with "<pre" as the whole block.
    return f'<pre class="highlight"><code>{highlight(code, lexer, FORMATTER)}</code></pre>'


PARSER = MarkdownIt("commonmark", {"highlight": highlight_code}).enable(["table", "strikethrough"])


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def render_markdown(source: str) -> str:
    """Sanitized HTML of a Markdown text."""
    return sanitize_html(PARSER.render(source))


def pygments_css() -> str:
    return FORMATTER.get_style_defs(".highlight")

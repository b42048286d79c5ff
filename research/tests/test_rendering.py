"""Notebooks rendered read-only: nbconvert's cells and outputs, with everything a hostile
notebook could run removed (Markdown HTML, HTML and JavaScript outputs, links, SVG)."""

from __future__ import annotations

import base64

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from research.rendering import NotebookFormatError, notebook_html

pytestmark = pytest.mark.db_independent

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def hostile_notebook() -> str:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("svg")</script></svg>'
    notebook = new_notebook(
        cells=[
            new_markdown_cell(
                "# Title\n\n<script>alert('md')</script> <img src=x onerror=alert('img')>\n\n"
                "[click](javascript:alert('link')) [data](data:text/html,<script>alert(1)</script>)"
                " <iframe src='https://evil.example'></iframe> <p style='color:red' onclick='x()'>"
                "styled</p> [docs](https://example.com/docs)"
            ),
            new_code_cell(
                "df",
                execution_count=7,
                outputs=[
                    new_output("stream", name="stdout", text="<b>not html</b>\n"),
                    new_output(
                        "execute_result",
                        execution_count=7,
                        data={
                            "text/html": "<table><tr><td onmouseover='steal()'>1.5</td></tr>"
                            "</table><script>alert('html')</script><form action='/x'><input></form>",
                            "text/plain": "df",
                        },
                    ),
                    new_output("display_data", data={"application/javascript": "alert('js')"}),
                    new_output("display_data", data={"image/png": PNG, "text/plain": "Figure"}),
                    new_output("display_data", data={"image/svg+xml": svg}),
                    new_output(
                        "error", ename="ValueError", evalue="boom", traceback=["ValueError: boom"]
                    ),
                ],
            ),
        ]
    )
    return nbformat.writes(notebook)


def test_hostile_markup_is_removed():
    html = notebook_html(hostile_notebook())
    lowered = html.lower()
    for needle in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "<iframe"):
        assert needle not in lowered, needle
    assert "<form" not in lowered and "<input" not in lowered and "style=" not in lowered
    assert "data:text/html" not in lowered
    assert "alert('js')" not in html and "alert('html')" not in html
    # what is safe stays: the heading, the table, the plot, the error, the https link, the prompt
    assert "<h1>Title<" in html
    assert 'src="x"' not in html  # images only as data: URLs, never a request elsewhere
    assert "<td>1.5</td>" in html
    assert f'src="data:image/png;base64,{PNG}"' in html
    assert "ValueError" in html and "boom" in html
    assert (
        'href="https://example.com/docs"' in html and 'rel="nofollow noopener noreferrer"' in html
    )
    assert "In&nbsp;[7]:" in html
    assert "&lt;b&gt;not html&lt;/b&gt;" in html  # a stream is text, never markup


def test_svg_output_is_an_image_never_inline_markup():
    html = notebook_html(hostile_notebook())
    assert "<svg" not in html.lower()
    assert 'src="data:image/svg+xml;base64,' in html


@pytest.mark.parametrize("content", ["not json", '{"cells": 3}', "[]"])
def test_a_file_that_is_not_a_notebook_is_refused(content):
    with pytest.raises(NotebookFormatError):
        notebook_html(content)


def test_an_old_format_notebook_renders():
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [{"cells": [{"cell_type": "markdown", "source": "hello *v3*"}]}],
    }
    assert "<em>v3</em>" in notebook_html(v3)

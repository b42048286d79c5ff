from __future__ import annotations

from html.parser import HTMLParser

import pytest

from community.rendering import render_markdown


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would read them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def dangerous_parts(html: str) -> list[str]:
    """Tags that run code or embed documents, event/style attributes, script-capable URLs."""
    bad = []
    for tag, attrs in Elements(html).found:
        if tag in {"script", "svg", "math", "iframe", "object", "embed", "style", "form"}:
            bad.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                bad.append(f"{tag}.{name}")
            if value.startswith(("javascript:", "data:", "vbscript:")):
                bad.append(f"{tag}.{name}={value}")
    return bad


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)><circle r=5 /></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<object data=javascript:alert(1)></object>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_dangerous_markup_never_survives(payload):
    html = render_markdown(f"Hello\n\n{payload}\n\nand inline {payload} too")
    assert dangerous_parts(html) == [], html


def test_the_scan_sees_dangerous_markup():
    assert dangerous_parts('<svg onload=x></svg><a href=" JavaScript:x">') == [
        "svg",
        "svg.onload",
        "a.href=javascript:x",
    ]


def test_markdown_is_rendered():
    html = render_markdown("# Title\n\n**bold** and [a link](https://example.com)\n\n- item")
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="nofollow noopener noreferrer">a link</a>' in html
    assert "<li>item</li>" in html


def test_code_blocks_are_highlighted_by_pygments_and_escaped():
    html = render_markdown('```python\nself.set_holdings("SPY", 1)  # <b>\n```')
    assert '<pre class="highlight">' in html
    assert '<span class="bp">self</span>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_a_fence_in_an_unknown_language_is_plain_escaped_text():
    html = render_markdown("```nosuchlanguage\n<script>x</script>\n```")
    assert "&lt;script&gt;" in html
    assert "<script" not in html

"""Markdown to safe HTML: links to source files, sanitising, lists, tables, headings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from katalog.errors import Problems
from katalog.markup import MarkdownRenderer, clean_html
from katalog.model import Source

ROOT = Path("/site")


def source(body: str) -> Source:
    return Source("course", "a", "id", ROOT / "content/courses/a.id.md", "content/courses/a.id.md", {}, {}, body, 10)


URLS = {ROOT / "content/courses/b.id.md": "/pelatihan/b/", ROOT / "content/pages/tentang.id.md": "/tentang/"}


def render(body: str, sanitize: bool = True) -> tuple[str, list[str]]:
    problems = Problems(ROOT)
    body_html = MarkdownRenderer(sanitize, 2).render(source(body), URLS.get, lambda _p: None, problems).html
    return body_html, [str(p) for p in problems.items]


def test_links_to_source_files_become_urls_and_keep_fragments() -> None:
    html, problems = render("[b](b.id.md#materi) [t](../pages/tentang.id.md) [web](https://example.org/x.md)")
    assert '<a href="/pelatihan/b/#materi">b</a>' in html
    assert '<a href="/tentang/">t</a>' in html
    assert '<a href="https://example.org/x.md">web</a>' in html
    assert problems == []


def test_each_link_remembers_its_line_in_the_markdown_file() -> None:
    body = MarkdownRenderer(True, 2).render(source("Intro\n\n[b](b.id.md)\n\n[lost](/pelatihan/hilang/)\n"),
                                            URLS.get, lambda _p: None, Problems(ROOT))
    assert body.line_of("/pelatihan/b/") == 12
    assert body.line_of("/pelatihan/hilang/") == 14


def test_link_to_a_missing_file_is_a_warning_with_its_line() -> None:
    _html, problems = render("Intro\n\nSee [x](nope.id.md).\n")
    assert problems == ["content/courses/a.id.md:12: warning: body: links to 'nope.id.md', which does not exist"]


@pytest.mark.parametrize(("written", "meant"), [
    ("b.md", "b.id.md"), ("b", "b.id.md"), ("../pages/tentang.md", "../pages/tentang.id.md"), ("b.en.md", None),
    ("c.md", None),  # no page of that name in any language: nothing to suggest
])
def test_a_link_without_the_language_suggests_the_page_in_the_files_language(written: str, meant: str | None) -> None:
    _html, problems = render(f"Intro\n\nSee [x]({written}).\n")
    said = f"content/courses/a.id.md:12: warning: body: links to '{written}', which does not exist"
    assert problems == [said + (f"; did you mean '{meant}'?" if meant else "")]


def test_scripts_handlers_and_javascript_urls_are_removed() -> None:
    html, problems = render('<script>alert(1)</script>\n\n<p onclick="x()">p</p>\n\n[a](javascript:alert(1))\n'
                            '<iframe src="https://evil.example"></iframe><style>body{}</style>')
    for bad in ("<script", "alert(1)", "onclick", "javascript:", "<iframe", "<style", "body{}"):
        assert bad not in html
    assert "p</p>" in html
    assert any("was removed" in p for p in problems)


def test_what_the_warning_does_not_look_for_is_removed_all_the_same() -> None:
    """The sanitiser, not the warning's pattern, keeps the page safe: data: addresses, plug-ins
    and forms are removed even though nothing in them triggers the warning."""
    html, problems = render('<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>\n\n'
                            '<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">\n\n'
                            '<object data="/static/x.swf"><embed src="/static/x.swf"></object>\n\n'
                            '<form action="https://phish.example/login"><input name="pin">'
                            '<button>Kirim</button></form>\n\n<p>tetap</p>\n')
    assert problems == []  # nothing here matches the warning's pattern
    for bad in ("data:", "<object", "<embed", "<form", "<input", "<button", "phish.example"):
        assert bad not in html, bad
    assert "<p>tetap</p>" in html


def test_obsolete_tags_and_image_maps_are_removed_their_text_kept() -> None:
    """Tags no page of ours uses (nh3 allows them) go: the obsolete ones, and image maps, whose
    areas link anywhere without a visible link."""
    html = clean_html('<center>Tengah</center> <strike>lama</strike> <tt>kode</tt> <acronym title="x">UKM</acronym>'
                      '<map name="m"><area href="https://evil.example" shape="rect" coords="0,0,9,9"></map>')
    for gone in ("<center", "<strike", "<tt", "<acronym", "<map", "<area", "evil.example"):
        assert gone not in html, gone
    for kept in ("Tengah", "lama", "kode", "UKM"):
        assert kept in html


def test_links_keep_only_web_mail_and_phone_addresses() -> None:
    links = ('<a href="https://a.example/">s</a> <a href="http://b.example/">h</a> '
             '<a href="mailto:info@b.example">m</a> <a href="tel:+62315551234">t</a> '
             '<a href="ftp://c.example/f">f</a> <a href="sms:+62315551234">p</a>')
    html = clean_html(links)
    for kept in ('href="https://a.example/"', 'href="http://b.example/"', 'href="mailto:info@b.example"',
                 'href="tel:+62315551234"'):
        assert kept in html, kept
    assert "ftp:" not in html and "sms:" not in html


def test_sanitiser_keeps_ordinary_markup() -> None:
    kept = '<p><a href="/x/" title="t">a</a> <strong>b</strong> <abbr title="Usaha Mikro">UMKM</abbr></p>'
    assert clean_html(kept) == kept
    assert clean_html('<table><tr><td style="text-align:right;position:fixed">1</td></tr></table>') == (
        '<table><tbody><tr><td style="text-align:right">1</td></tr></tbody></table>')


def test_nested_lists_with_two_spaces_tables_and_heading_ids() -> None:
    html, _ = render("## Materi Hari 1\n\n- a\n  - a1\n  - a2\n- b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")
    assert '<h2 id="materi-hari-1">Materi Hari 1</h2>' in html
    assert "<li>a<ul>\n<li>a1</li>\n<li>a2</li>\n</ul>\n</li>" in html
    assert "<table>" in html and "<td>1</td>" in html


@pytest.mark.parametrize("indent", ["  ", "   ", "    "])
def test_nested_lists_read_the_same_at_any_indent(indent: str) -> None:
    """Two spaces a level (GitHub), four (most editors, and the browser editor when it saves a
    file), three (under a numbered item): the same nested list on the page."""
    two, _ = render("- Hari pertama\n  - Prinsip\n    - Nilai\n  - Struktur\n- Hari kedua\n\nLalu.\n")
    written = f"- Hari pertama\n{indent}- Prinsip\n{indent * 2}- Nilai\n{indent}- Struktur\n- Hari kedua\n\nLalu.\n"
    assert render(written)[0] == two
    assert "<li>Hari pertama<ul>\n<li>Prinsip<ul>\n<li>Nilai</li>" in two
    numbered, _ = render("1. Hari pertama\n   - Prinsip\n2. Hari kedua\n")
    assert "<li>Hari pertama<ul>\n<li>Prinsip</li>\n</ul>\n</li>" in numbered
    code, _ = render("Contoh:\n\n```\n- a\n    - b\n```\n")
    assert "- a\n    - b" in code  # code is shown as written


def test_headings_are_levelled_under_the_pages_own_heading() -> None:
    def headings(body: str, top: int) -> list[str]:
        html = MarkdownRenderer(True, top).render(source(body), URLS.get, lambda _p: None, Problems(ROOT)).html
        return re.findall(r"<(h\d) ", html)

    assert headings("## A\n\n### B\n", 3) == ["h3", "h4"]
    assert headings("### Q1\n\n### Q2\n", 2) == ["h2", "h2"]  # an FAQ written with ### only
    assert headings("# T\n\n## A\n", 2) == ["h2", "h3"]

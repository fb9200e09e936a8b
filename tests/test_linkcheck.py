"""The site-wide link check: every internal href and src of every rendered page must resolve."""

from __future__ import annotations

from pathlib import Path

from sitefactory import build_site, write_site

from katalog.linkcheck import broken_links

PLANTED = """\
{% extends "base.html" %}
{% block content %}
<h1>{{ view.title }}</h1>
<p><a href="/tidak-ada/">absolute</a> <img src="/static/img/hilang.png" alt="">
<a href="../bukan-halaman/">relative</a> <a href="https://uji.example.org/juga-tidak/">own origin</a>
<a href="https://example.org/x/">elsewhere</a> <a href="mailto:a@example.org">mail</a> <a href="#top">top</a>
<a href="/pelatihan/">fine</a> <a href="./">fine too</a></p>
{{ view.body.html|safe }}
{% endblock %}
"""


def test_planted_broken_links_in_a_template_are_each_reported(site: Path, tmp_path: Path) -> None:
    write_site(site, {"templates/page.html": PLANTED})
    result = build_site(site, tmp_path / "out", "--strict")
    assert result.code == 1
    for link in ("/tidak-ada/", "/static/img/hilang.png", "../bukan-halaman/", "https://uji.example.org/juga-tidak/"):
        said = f"templates/page.html: warning: link: the link {link} leads to no page of the site (on 2 pages, such as"
        assert said in result.err, (link, result.err)
    for fine in ("https://example.org/x/", "mailto:", "#top", "the link /pelatihan/ ", "the link ./ "):
        assert fine not in result.err
    assert result.err.count("leads to no page") == 4  # once per link, not once per page


def test_broken_links_resolves_relative_links_against_the_page() -> None:
    page = '<a href="../b/">b</a>\n<img src="c.png">\n<a href="https://o.example/d/">d</a>\n<a href="/e/">e</a>'
    known = {"/b/", "/a/c.png", "/d/"}
    assert broken_links(page, "/a/", known, "https://o.example") == [("/e/", 4)]
    assert broken_links(page, "/a/", set(), "https://o.example") == [
        ("../b/", 1), ("c.png", 2), ("https://o.example/d/", 3), ("/e/", 4)]


def test_a_link_to_a_file_that_cannot_be_read_is_not_a_second_mistake(site: Path, tmp_path: Path) -> None:
    """The broken file is the one mistake: a link to it from another file is not also said to lead nowhere."""
    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang\n---\n\nLihat [pelatihan](../courses/"
                                                     "koperasi.id.md).\n",
                      "content/courses/koperasi.id.md": "---\ntitle: Koperasi: dasar\n---\n\nIsi.\n"})
    result = build_site(site, tmp_path / "out")
    assert result.code == 1
    assert "content/courses/koperasi.id.md:2:" in result.err
    assert "which does not exist" not in result.err, result.err

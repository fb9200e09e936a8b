"""A page's key covers its template and every template that one extends, includes, imports or
calls (pages.template_digests): an edit to a template changes the keys of exactly the templates
that reach it. Plain Jinja2 environments over templates written here. And a partial called as a
function (render.CALLED_PARTIALS) sees only its arguments."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from sitefactory import build_site, write_site

from katalog.assets import Assets
from katalog.cache import Store
from katalog.pages import template_digests
from katalog.render import Renderer, make_environment

TEMPLATES = {
    # page.html reaches a.html twice (directly and through y.html) and x.html once, before both.
    "page.html": '{% include "x.html" %}{% include "a.html" %}{% include "y.html" %}',
    "y.html": '{% include "a.html" %}',
    "a.html": "a",
    "x.html": "x",
    "other.html": '{% extends "base.html" %}',
    "base.html": "base",
}


def digests(known: Store | None = None, **changed: str) -> dict[str, str]:
    templates = {**TEMPLATES, **{f"{name}.html": text for name, text in changed.items()}}
    return template_digests(jinja2.Environment(loader=jinja2.DictLoader(templates)), known)


@pytest.mark.parametrize("remembered", [False, True], ids=["in one process", "from the build cache"])
def test_an_edit_changes_the_key_of_every_template_that_reaches_it_and_of_no_other(remembered: bool) -> None:
    """Also with which templates each one names kept between builds (``known``), where an edit
    that makes a template name another must be seen as well."""
    known = Store(None) if remembered else None
    before = digests(known)
    for name, reached_by in {"x": {"page.html", "x.html"}, "a": {"page.html", "y.html", "a.html"},
                             "base": {"other.html", "base.html"}}.items():
        after = digests(known, **{name: "edited"})
        assert {template for template in before if after[template] != before[template]} == reached_by, name
    now_names_base = digests(known, x='{% include "base.html" %}')
    edited_base = digests(known, x='{% include "base.html" %}', base="edited")
    assert now_names_base["page.html"] != edited_base["page.html"]  # page.html reaches base.html through x


CATEGORY = """{% extends "base.html" %}{% block content %}<ul>
{% for card in view.cards %}{{ course_card(card, later=true, anchor='satu') }}
{{ course_card(card, later=true, anchor='dua') }}{{ course_card(card) }}{% endfor %}</ul>{% endblock %}
"""


def test_a_called_partial_is_made_for_each_set_of_its_arguments(site: Path, tmp_path: Path) -> None:
    """The same card asked for three ways on one page: three different items, though the card
    is rendered once for each."""
    write_site(site, {"templates/category.html": CATEGORY})
    assert build_site(site, tmp_path / "out").code == 0
    page = (tmp_path / "out/kategori/koperasi/index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<li class="card course-card([^"]*)"([^>]*?)\s+data-category', page)
    assert shown == [(" later", ' id="satu"'), (" later", ' id="dua"'), ("", "")]


def test_a_called_partial_that_reads_the_page_around_it_is_refused(site: Path, tmp_path: Path) -> None:
    """A card is rendered once for every page that shows it, so it may not read the page: a site's
    own course_card.html that does is refused with its line, not published the same on every page."""
    write_site(site)
    out = tmp_path / "out"
    assert build_site(site, out).code == 0
    before = sorted(out.rglob("*"))
    write_site(site, {"templates/partials/course_card.html": "<li>{{ card.title }}\n{{ page.url }}</li>\n"})
    result = build_site(site, out)
    assert result.code == 1
    assert result.err.startswith("templates/partials/course_card.html:2: template error:"), result.err
    assert "'page' is undefined" in result.err and "Traceback" not in result.err
    assert sorted(out.rglob("*")) == before


class _Strings:
    """UI strings that note each one asked for: one per rendering of the card below."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def get(self, lang: str, key: str, **values: object) -> str:
        self.asked.append(key)
        return key


def test_a_card_shown_on_many_pages_is_rendered_once_for_each_set_of_arguments(tmp_path: Path) -> None:
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials/course_card.html").write_text("<li>{{ t('judul') }} {{ card }} {{ later }} {{ anchor }}</li>")
    strings = _Strings()
    renderer = Renderer(make_environment([tmp_path]), strings, Assets({}, {}), {}, {"id": "id_ID"})  # type: ignore[arg-type]
    card = "koperasi"
    shown = [str(renderer.course_card("id", card, **options)) for options in
             ({}, {}, {"later": True}, {"later": True}, {"later": True, "anchor": "lagi"}, {})]
    assert shown == ["<li>judul koperasi False </li>"] * 2 + ["<li>judul koperasi True </li>"] * 2 + [
        "<li>judul koperasi True lagi</li>", "<li>judul koperasi False </li>"]
    assert strings.asked == ["judul"] * 3

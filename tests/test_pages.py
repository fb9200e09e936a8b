"""A page's key covers its template and every template that one extends, includes or imports
(pages.template_digests): an edit to a template changes the keys of exactly the templates that
reach it. Plain Jinja2 environments over templates written here."""

from __future__ import annotations

import jinja2

from katalog.pages import template_digests

TEMPLATES = {
    # page.html reaches a.html twice (directly and through y.html) and x.html once, before both.
    "page.html": '{% include "x.html" %}{% include "a.html" %}{% include "y.html" %}',
    "y.html": '{% include "a.html" %}',
    "a.html": "a",
    "x.html": "x",
    "other.html": '{% extends "base.html" %}',
    "base.html": "base",
}


def digests(**changed: str) -> dict[str, str]:
    templates = {**TEMPLATES, **{f"{name}.html": text for name, text in changed.items()}}
    return template_digests(jinja2.Environment(loader=jinja2.DictLoader(templates)))


def test_an_edit_changes_the_key_of_every_template_that_reaches_it_and_of_no_other() -> None:
    before = digests()
    for name, reached_by in {"x": {"page.html", "x.html"}, "a": {"page.html", "y.html", "a.html"},
                             "base": {"other.html", "base.html"}}.items():
        after = digests(**{name: "edited"})
        assert {template for template in before if after[template] != before[template]} == reached_by, name

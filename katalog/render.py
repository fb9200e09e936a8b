"""Rendering Documents through Jinja2: autoescaping, StrictUndefined, locale-aware filters.

Templates get a read-only view: the document, the site model, UI strings and formatters
for the page's language. A template error names the template, its line and the page.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale

from . import formatting
from .assemble import Site
from .assets import Assets
from .errors import Problem
from .i18n import Strings
from .messages import msg
from .model import Document


@dataclass(frozen=True)
class SwitchTarget:
    lang: str
    name: str
    url: str
    available: bool  # False: the page is not translated; the link goes to that language's catalogue


def make_environment(template_folders: list[Path]) -> jinja2.Environment:
    """Site templates first, then the project's: a site overrides templates file by file."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders if folder.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for name in ("long_date", "month_year", "clock", "money", "number"):
        env.filters[name] = _with_locale(getattr(formatting, name))
    env.filters["date_range"] = jinja2.pass_context(
        lambda ctx, start, end: formatting.date_range(start, end, ctx["locale"]))
    return env


def _with_locale(function: Any) -> Any:
    @jinja2.pass_context
    def apply(context: jinja2.runtime.Context, value: Any) -> str:
        return function(value, context["locale"])

    return apply


class Renderer:
    def __init__(self, env: jinja2.Environment, site: Site, strings: Strings, assets: Assets) -> None:
        self.env, self.site, self.strings, self.assets = env, site, strings, assets
        # Parsed once: Babel's formatters accept a Locale as it is (a string is parsed on every call).
        self.locales = {language.code: Locale.parse(language.locale) for language in site.config.languages}

    def render(self, doc: Document) -> str:
        """Render one page; raises RenderError naming the template line and the page."""
        try:
            template = self.env.get_template(doc.template)
            return template.render(self.context(doc))
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(Problem(_template_name(exc.filename, exc.name),
                                      msg("template error: {error} (while rendering {url})", error=exc.message,
                                          url=doc.url), exc.lineno)) from None
        except Exception as exc:
            name, line = _template_frame(exc)
            raise RenderError(Problem(name or doc.template, msg("template error: {error} (while rendering {url})",
                                                                error=exc, url=doc.url), line)) from exc

    def context(self, doc: Document) -> dict[str, Any]:
        config, lang = self.site.config, doc.lang
        return {
            "page": doc,
            "lang": lang,
            "locale": self.locales[lang],
            "site": self.site,
            "config": config,
            "urls": self.site.urls,
            "t": lambda key, **values: self.strings.get(lang, key, **values),
            "t_in": self.strings.get,
            "jsonld": [],
            "breadcrumbs": [],
            "asset": self.assets.url,
            "menu": self.menu(lang, doc.url),
            "switcher": self.switcher(doc),
            "alternates": self.alternates(doc),
            "canonical": config.absolute(doc.url),
            **doc.context,
        }

    def menu(self, lang: str, current: str) -> list[dict[str, Any]]:
        items = []
        for item in self.site.config.menus.get(lang, ()):
            if item.section:
                url = self.site.urls.section(lang, item.section)
            elif item.page:
                by_lang = self.site.pages.get(item.page, {})
                page = by_lang.get(lang) or next(iter(by_lang.values()), None)
                if page is None:
                    continue  # reported by the link check; a menu never shows a dead link
                url = page.url
            else:
                url = item.url or ""
            active = url == current or (url != self.site.urls.home(lang) and current.startswith(url))
            items.append({"label": item.label, "url": url, "current": url == current, "active": active})
        return items

    def switcher(self, doc: Document) -> list[SwitchTarget]:
        if doc.all_languages:
            return []
        targets = []
        translated = {link.lang: link for link in doc.alternates}
        for language in self.site.config.languages:
            if language.code == doc.lang:
                continue
            link = translated.get(language.code)
            if link:
                targets.append(SwitchTarget(language.code, language.name, link.url, True))
            else:
                targets.append(SwitchTarget(language.code, language.name,
                                            self.site.urls.section(language.code, "courses"), False))
        return targets

    def alternates(self, doc: Document) -> list[dict[str, str]]:
        """hreflang links: every language the page exists in, plus x-default."""
        if len(doc.alternates) < 2:
            return []
        config = self.site.config
        links = [{"hreflang": link.lang, "href": config.absolute(link.url)} for link in doc.alternates]
        default = next((link for link in doc.alternates if link.lang == config.default_language), doc.alternates[0])
        return [*links, {"hreflang": "x-default", "href": config.absolute(default.url)}]


class RenderError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _template_name(filename: str | None, name: str | None) -> str:
    return filename or name or "template"


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template line of an exception raised while rendering."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            found = (frame.filename, frame.lineno)
    return found

"""Rendering Documents through Jinja2: autoescaping, StrictUndefined, locale-aware filters.

A template gets its document (``page``: head and view), the language's ``chrome`` (header,
menu, footer), UI strings (``t``), asset URLs (``asset``) and formatting filters; nothing
else. A template error names the template, its line and the page.
"""

from __future__ import annotations

import os
import traceback
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale
from markupsafe import Markup

from . import formatting
from .assets import Assets
from .cache import Store
from .chrome import Chrome
from .documents import Document
from .errors import Problem
from .i18n import Strings
from .messages import msg


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the process, by file, and in the build cache when
    there is one (``store``: a one-page edit compiles no template); Jinja compares the source's
    checksum before using one, so an edited template is compiled again. Every environment here is
    made by make_environment, with the same options, so their compiled code is interchangeable: the
    preview and the tests compile an unchanged template once, not once per build."""

    def __init__(self, store: Store | None = None, code: dict[str, bytes] | None = None) -> None:
        self.store = store
        self._code = code if code is not None else {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        kept = self.store.get(bucket.key) if self.store is not None else None
        code = self._code.get(bucket.key) or kept
        if isinstance(code, bytes):
            bucket.bytecode_from_string(code)
            if self.store is not None and code != kept:  # compiled in this process: for the next one too
                self.store.put(bucket.key, code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        if self.store is not None:
            self.store.put(bucket.key, self._code[bucket.key])


_COMPILED = _CompiledTemplates()


def make_environment(template_folders: list[Path], compiled: Store | None = None) -> jinja2.Environment:
    """Site templates first, then the project's: a site overrides templates file by file.
    ``compiled``: the build cache's store of compiled templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders if folder.is_dir()]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,  # a template changed on disk is compiled again (the preview keeps its environment)
        bytecode_cache=_CompiledTemplates(compiled, _COMPILED._code) if compiled is not None else _COMPILED,
    )
    env.katalog_files = template_files(template_folders)  # type: ignore[attr-defined]
    for name in ("long_date", "month_year", "clock", "money", "number"):
        env.filters[name] = _with_locale(getattr(formatting, name))
    env.filters["date_range"] = jinja2.pass_context(
        lambda ctx, start, end: formatting.date_range(start, end, ctx["locale"]))
    return env


def template_files(template_folders: list[Path]) -> tuple[str, ...]:
    """Every file of the template folders: an environment is kept (the preview) only while these
    are the same, since its loader looks in the folders that existed when it was made, and a
    template it has loaded is checked for edits in its own file only, not for a new file in the
    site's folder that would now override it."""
    return tuple(sorted(os.path.join(top, name) for folder in template_folders
                        for top, _dirs, names in os.walk(folder) for name in names))


def _with_locale(function: Any) -> Any:
    @jinja2.pass_context
    def apply(context: jinja2.runtime.Context, value: Any) -> str:
        return str(function(value, context["locale"]))

    return apply


# Partials a template calls as a function, ``{{ course_card(card) }}``, instead of including
# them: each is rendered once per build for each distinct set of arguments (a course card is on
# its course's page, in the catalogue, its category and three other courses' pages), from those
# arguments and the language alone, so that nothing else it could read is left out of what makes
# it. A template that calls one depends on its file (pages.template_digests reads this table).
CALLED_PARTIALS = {"course_card": "partials/course_card.html"}


class Renderer:
    """Renders the documents of one build; what it keeps between renders (the called partials'
    HTML) depends only on their arguments."""

    def __init__(self, env: jinja2.Environment, strings: Strings, assets: Assets, chrome: dict[str, Chrome],
                 locales: dict[str, str]) -> None:
        self.env, self.strings, self.assets, self.chrome = env, strings, assets, chrome
        # Parsed once: Babel's formatters accept a Locale as it is (a string is parsed on every call).
        self.locales = {code: Locale.parse(locale) for code, locale in locales.items()}
        # (language, id of the card, options) -> (the card, kept so that its id stays its own; the HTML)
        self._cards: dict[tuple[str, int, bool, str], tuple[Any, Markup]] = {}

    def load_templates(self) -> None:
        """Every page template and partial loaded in this process (its code taken from the build
        cache, else compiled and kept there) before the pages are rendered by forked workers:
        they inherit them, and nothing compiled in a worker is lost with it (the next build would
        compile it again). A template that does not compile is left to the pages using it to report."""
        for name in self.env.list_templates(extensions=["html"]):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError:
                continue

    def render(self, doc: Document) -> str:
        """Render one page; raises RenderError naming the template line and the page."""
        try:
            template = self.env.get_template(doc.template)
            return template.render(self.context(doc))
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(Problem(exc.filename or exc.name or "template",
                                      msg("template error: {error} (while rendering {url})", error=exc.message,
                                          url=doc.url), exc.lineno)) from None
        except Exception as exc:
            name, line = _template_frame(exc)
            raise RenderError(Problem(name or doc.template, msg("template error: {error} (while rendering {url})",
                                                                error=exc, url=doc.url), line)) from exc

    def context(self, doc: Document) -> dict[str, Any]:
        lang = doc.lang
        return {
            "page": doc,
            "head": doc.head,
            "view": doc.view,
            "chrome": self.chrome[lang],
            **self._language(lang),
            "course_card": partial(self.course_card, lang),
        }

    def _language(self, lang: str) -> dict[str, Any]:
        """What every template of a language may use, the called partials too."""
        return {
            "lang": lang,
            "locale": self.locales[lang],
            "t": lambda key, **values: self.strings.get(lang, key, **values),
            "t_in": self.strings.get,
            "t_forms": lambda key: self.strings.forms(lang, key),  # every plural form, for counts made in the page
            "asset": self.assets.url,
        }

    def course_card(self, lang: str, card: Any, later: bool = False, anchor: str = "") -> Markup:
        """``partials/course_card.html`` for one card: ``later``, beyond a phone's first screenful
        of a long list; ``anchor``, the id "show all" leads to."""
        key = (lang, id(card), bool(later), anchor)
        found = self._cards.get(key)
        if found is None:
            template = self.env.get_template(CALLED_PARTIALS["course_card"])
            html = Markup(template.render({**self._language(lang), "card": card, "later": later, "anchor": anchor}))
            found = self._cards[key] = (card, html)
        return found[1]


class RenderError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template line of an exception raised while rendering."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            found = (frame.filename, frame.lineno)
    return found

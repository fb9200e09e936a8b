"""The browser editor's configuration (Sveltia CMS), made from the loaders' own schema.

Every form field is made from the ``schema.Field`` the build validates that field with: its
widget from the rule's kind, required from the field, the allowed values from the rule's
options, the least value from its minimum, the pattern from its pattern, the choices of a
reference (a course, a venue …) from the keys the site holds. A rule changed in a loader
changes the form; nothing here lists what a field accepts a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any
from zoneinfo import available_timezones

from . import schema as s
from .cms_words import Words, words_for
from .config import AdminOptions, SiteConfig
from .content import COURSES_DIR, PAGES_DIR, SourceSet, course_spec, page_spec
from .data import DATA_DIR, data_specs
from .errors import Problems
from .i18n import Strings
from .model import SHARED_COURSE_FACTS, DeclaredStatus, Level, Mode, SharedData
from .schedules import SCHEDULES_DIR, session_spec

# Fields the form shows as a multi-line box rather than a one-line one.
LONG_TEXTS = {"summary", "audience", "description", "bio", "note", "notes"}
# Older names the build still reads: a file's value is kept, the form shows only the new name.
OLD_NAMES = {"notes"}
# Facts the build requires of a course once translations are merged (assemble.py), not of each file.
REQUIRED_COURSE_FACTS = ("category",)
REFERENCE_SOURCES = {"courses": COURSES_DIR.as_posix(),
                     **{kind: (DATA_DIR / f"{kind}.yaml").as_posix() for kind in ("categories", "venues", "trainers")}}
INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class EditorFacts:
    """What the forms offer besides the schema: the keys the site holds, with their names, and
    the data files' entries in the order they are written."""

    references: dict[str, tuple[Choice, ...]]  # courses, categories, venues, trainers -> choices
    data_entries: dict[str, tuple[Choice, ...]]  # categories, venues, trainers -> entries (key, name)
    has_bundles: bool  # some course is a folder (kursus/index.id.md)
    words: dict[str, str] = dataclass_field(default_factory=dict)  # "level.beginner" -> how the site says it


def editor_facts(courses: SourceSet, data: SharedData, language: str, strings: Strings | None = None,
                 languages: dict[str, str] | None = None) -> EditorFacts:
    """The keys the forms offer as choices, named in ``language`` (the default language's title
    of a course, else any), drafts included: a session of a draft course is accepted."""
    titles: dict[str, str] = {}
    for source in sorted(courses.sources, key=lambda src: src.lang != language):
        titles.setdefault(source.key, str(source.meta.get("title") or source.key))

    def named(entries: dict[str, Any], name: Callable[[Any], str]) -> tuple[Choice, ...]:
        return tuple(Choice(key, name(entry)) for key, entry in entries.items())

    def in_language(texts: dict[str, str] | str) -> str:
        return texts if isinstance(texts, str) else texts.get(language) or next(iter(texts.values()), "")

    entries = {"categories": named(data.categories, lambda c: in_language(c.name)),
               "venues": named(data.venues, lambda v: in_language(v.name)),
               "trainers": named(data.trainers, lambda t: t.name)}
    courses_named = tuple(Choice(key, title) for key, title in sorted(titles.items(), key=lambda kv: kv[1].casefold()))
    references = {"courses": courses_named, **entries}
    labelled = {kind: tuple(Choice(c.value, f"{c.label} ({c.value})") for c in choices)
                for kind, choices in references.items()}
    return EditorFacts(references=labelled, data_entries=entries,
                       has_bundles=any(source.bundle is not None for source in courses.sources),
                       words=_choice_words(strings, language, languages or {}))


def _choice_words(strings: Strings | None, language: str, languages: dict[str, str]) -> dict[str, str]:
    """The words the public pages use for levels, modes and statuses, so that a choice in the
    form reads as it will on the site; the languages of instruction by their names."""
    words = {f"language.{code}": name for code, name in languages.items()}
    if strings is not None:
        for kind, values in (("level", Level), ("mode", Mode), ("status", DeclaredStatus)):
            for value in values:
                key = f"{kind}_{value.value}"
                if any(key in texts for texts in strings.by_language.values()):
                    words[f"{kind}.{value.value}"] = strings.get(language, key)
    return words


def cms_config(config: SiteConfig, facts: EditorFacts, backend: AdminOptions, language: str,
               logo_url: str | None = None) -> dict[str, Any]:
    """The whole configuration: backend, languages, and one collection per kind of content."""
    form = _Form(config, facts, words_for(language))
    codes = config.language_codes
    result: dict[str, Any] = {
        "backend": _backend(backend),
        "app_title": config.short_title.get(language, next(iter(config.short_title.values()))),
        **({"logo": {"src": logo_url}} if logo_url else {}),  # the office's emblem, not the CMS's
        "site_url": config.base_url,
        "media_folder": "static/img",
        "public_folder": "/img",
        # Every language for a new course, each of the others one the editor may switch off; an
        # existing course keeps the languages it has (a course in one language gets no empty twin).
        "i18n": {"structure": "multiple_files", "locales": list(codes), "default_locale": config.default_language,
                 "initial_locales": "all"},
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "none"}},
        "collections": [form.courses("courses", "{{slug}}"),
                        *([form.courses("course_bundles", "{{slug}}/index")] if facts.has_bundles else []),
                        form.pages(), form.schedules(), form.data()],
    }
    return result


def _backend(backend: AdminOptions) -> dict[str, Any]:
    result: dict[str, Any] = {"name": backend.backend, "repo": backend.repo, "branch": backend.branch}
    if backend.backend == "github":
        result["auth_methods"] = ["token"]  # a fine-grained token: no OAuth server to run
    else:
        result["auth_type"] = "pkce"
        result["app_id"] = backend.app_id
    if backend.api_root:
        result["api_root"] = backend.api_root
    return result


class _Form:
    def __init__(self, config: SiteConfig, facts: EditorFacts, words: Words) -> None:
        self.config, self.facts, self.words = config, facts, words
        self.codes = config.language_codes

    def label(self, key: str) -> str:
        return self.words.get(key, (key.rsplit(".", 1)[-1], ""))[0]

    def about(self, key: str) -> str:
        return self.words.get(key, ("", ""))[1]

    # Collections

    def courses(self, name: str, path: str) -> dict[str, Any]:
        spec = course_spec()
        fields = [self.field(f"course.{field}", field, spec[field], i18n=True) for field in ("title", "summary")]
        fields.append(self.body("course"))
        for field, rule in spec.items():
            if field in ("title", "summary"):
                continue
            required = field in REQUIRED_COURSE_FACTS
            i18n: bool | str = "duplicate" if field in (*SHARED_COURSE_FACTS, "draft") else True
            fields.append(self.field(f"course.{field}", field, rule, i18n=i18n, required=required or None))
        # Published or not is chosen, never assumed, for a new course. Not a default of "draft": the
        # editor fills a default into every file that lacks the field, which would unpublish a
        # course whose title alone was edited. The one place the form asks more than the build.
        next(f for f in fields if f["name"] == "draft")["required"] = True
        return {
            **self.collection(f"collection.{name}", name), "folder": COURSES_DIR.as_posix(), "path": path,
            "extension": "md", "format": "yaml-frontmatter", "i18n": True, "create": True,
            "slug": self.slug("slug"), "identifier_field": "title", "summary": "{{title}}",
            "sortable_fields": ["title", "category", "weight"], "fields": fields,
            **({"media_folder": "", "public_folder": ""} if path.endswith("/index") else {}),
        }

    def pages(self) -> dict[str, Any]:
        spec = page_spec()
        fields = [self.field(f"page.{field}", field, spec[field], i18n=True) for field in ("title", "summary")]
        fields.append(self.body("page"))
        fields += [self.field(f"page.{field}", field, rule, i18n="duplicate" if field in ("weight", "draft") else True)
                   for field, rule in spec.items() if field not in ("title", "summary")]
        return {**self.collection("collection.pages", "pages"), "folder": PAGES_DIR.as_posix(), "extension": "md",
                "format": "yaml-frontmatter", "i18n": True, "slug": self.slug("slug"), "identifier_field": "title",
                "fields": fields}

    def schedules(self) -> dict[str, Any]:
        spec = session_spec(self.codes, self.config.timezone, Problems(self.config.root), "", "")
        sessions = {"name": "sessions", "label": self.label("schedule.sessions"), "widget": "list",
                    "required": True, "collapsed": True,
                    "summary": "{{fields.id}} · {{fields.course}} · {{fields.start}}",
                    "fields": [self.field(f"session.{field}", field, rule) for field, rule in spec.items()]}
        return {**self.collection("collection.schedules", "schedules"), "folder": SCHEDULES_DIR.as_posix(),
                "extension": "yaml", "format": "yaml", "i18n": False, "identifier_field": "sessions",
                "summary": "{{slug}}", "slug": self.slug("schedule.slug"),
                "fields": [sessions]}

    def data(self) -> dict[str, Any]:
        specs = data_specs(self.codes)
        files = []
        for kind, spec in specs.items():
            entries = [{"name": entry.value, "label": f"{entry.label} ({entry.value})", "widget": "object",
                        "required": True, "collapsed": True,
                        "fields": [self.field(f"{kind}.{field}", field, rule) for field, rule in spec.items()]}
                       for entry in self.facts.data_entries.get(kind, ())]
            files.append({"name": kind, "label": self.label(f"file.{kind}"),
                          "file": (DATA_DIR / f"{kind}.yaml").as_posix(), "format": "yaml", "fields": entries})
        return {**self.collection("collection.data", "data"), "i18n": False, "files": files}

    def collection(self, key: str, name: str) -> dict[str, Any]:
        return {"name": name, "label": self.label(key), "description": self.about(key)}

    def slug(self, key: str) -> dict[str, Any]:
        """The file name of a new entry: typed when it is created, fixed after (a changed file name
        would be a new course, and its old address would stop working)."""
        return {"editable": ["create"], "hint": self.about(key) + " " +
                self.about("rule.key"), "pattern": [_anchored(s.key.pattern or ""), self.about("rule.key")]}

    def body(self, kind: str) -> dict[str, Any]:
        return {"name": "body", "label": self.label(f"{kind}.body"), "hint": self.about(f"{kind}.body"),
                "widget": "markdown", "i18n": True, "required": False}

    # Fields

    def field(self, key: str, name: str, field: s.Field, i18n: bool | str | None = None,
              required: bool | None = None) -> dict[str, Any]:
        """The form field for one schema field: its widget and every rule said as the CMS says it."""
        rule = field.rule
        if rule is None:
            raise TypeError(f"{key}: its converter says nothing of what it accepts; make it a schema.Rule")
        needed = field.required if required is None else required
        result: dict[str, Any] = {"name": name, "label": self.label(key), "required": needed}
        if i18n is not None:
            result["i18n"] = i18n
        if name in OLD_NAMES:  # kept as written, never offered: the form has the field's new name
            return {"name": name, "widget": "hidden"}
        result.update(self.widget(key, name, field, rule))
        checks = [self.about(key), self.about("rule.required") if needed else "", self.rule_words(field, rule)]
        hint = " ".join(text for text in checks if text)
        if hint:
            result["hint"] = hint
        return result

    def widget(self, key: str, name: str, field: s.Field, rule: s.Rule[Any]) -> dict[str, Any]:
        kind = rule.kind
        if field.refers is not None:
            options = [{"label": c.label, "value": c.value} for c in self.facts.references.get(field.refers, ())]
            return {"widget": "select", "options": options, **({"multiple": True} if kind == "keys" else {})}
        if kind in ("text", "phone") and name in LONG_TEXTS:
            return {"widget": "text"}
        if kind in ("text", "slug", "key", "url", "https_url", "phone"):
            widget: dict[str, Any] = {"widget": "string"}
            if kind in ("url", "https_url"):
                widget["type"] = "url"
            if rule.pattern:
                widget["pattern"] = [_anchored(rule.pattern), self.rule_words(field, rule) or self.about("rule.key")]
            return widget
        if kind == "boolean":
            # Yes or no, and nothing while nobody has said: a switch is always on or off, and the
            # editor fills a switch missing from a file with its default, which would state a fact
            # nobody wrote (or make a published course a draft when only its title was edited).
            return {"widget": "select", "options": [{"label": self.label(f"choice.{name}.true"), "value": True},
                                                    {"label": self.label(f"choice.{name}.false"), "value": False}]}
        if kind in ("integer", "number"):
            # Typed as text and checked with the build's own pattern: a browser's number box reads
            # 150.000 (as a fee is written on a poster) as 150, and 1.500.000 as nothing at all.
            # No default: a field left empty is not written, and the build reads its default.
            return {"widget": "string", "pattern": [_anchored(rule.pattern or ""), self.rule_words(field, rule)]}
        if kind == "choice":
            options = [{"label": self.choice_label(name, value), "value": value} for value in rule.options]
            return {"widget": "select", "options": options}
        if kind == "timezone":
            zones = [*INDONESIAN_ZONES, *sorted(available_timezones() - set(INDONESIAN_ZONES))]
            return {"widget": "select", "options": zones}
        if kind == "texts":
            return {"widget": "list"}
        if kind == "keys":
            return {"widget": "list", "field": {"name": "key", "widget": "string",
                                                "pattern": [_anchored(rule.pattern or ""), self.about("rule.key")]}}
        if kind == "date":
            return {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD"}
        if kind == "datetime":
            return {"widget": "datetime", "type": "datetime-local", "format": "YYYY-MM-DD HH:mm"}
        if kind == "localized":
            subfield = "text" if name in LONG_TEXTS else "string"
            return {"widget": "object", "fields": [{"name": lang, "label": self.label(f"language.{lang}"),
                                                     "widget": subfield, "required": True} for lang in rule.languages]}
        if kind in ("group", "records"):
            fields = [self.field(f"{key}.{sub}", sub, subrule) for sub, subrule in (rule.fields or {}).items()]
            return {"widget": "object" if kind == "group" else "list", "fields": fields}
        raise TypeError(f"{key}: no form widget for a rule of kind {kind!r}")

    def choice_label(self, name: str, value: str) -> str:
        said = self.facts.words.get(f"{name}.{value}") or self.label(f"choice.{value}")
        return value if said in (value, "") else f"{said} – {value}"

    def rule_words(self, field: s.Field, rule: s.Rule[Any]) -> str:
        """What the build checks of this field, in the editors' words, said from the rule itself."""
        kind = rule.kind
        if field.refers is not None:
            return self.about("rule.refers").format(source=REFERENCE_SOURCES[field.refers])
        if kind == "integer":
            return (self.about("rule.integer").format(minimum=int(rule.minimum)) if rule.minimum is not None
                    else self.about("rule.integer_any"))
        if kind == "localized":
            return self.about("rule.language").format(languages=", ".join(
                self.label(f"language.{lang}") for lang in rule.languages))
        known = {"number": "rule.number", "key": "rule.key", "slug": "rule.key", "keys": "rule.key",
                 "https_url": "rule.https_url", "url": "rule.url", "phone": "rule.phone", "datetime": "rule.datetime",
                 "date": "rule.date"}
        return self.about(known[kind]) if kind in known else ""


def _anchored(pattern: str) -> str:
    """A pattern the whole value must match (the CMS searches, the build matches whole); spaces
    around it are forgiven, as the build strips them."""
    return f"^\\s*(?:{pattern})\\s*$"

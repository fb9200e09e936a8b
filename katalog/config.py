"""site_config.yaml: loaded, validated against a declared schema, frozen."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError

from . import schema as s
from .errors import ContentError, Problems
from .messages import LANGUAGES as MESSAGE_LANGUAGES
from .messages import msg
from .model import Phone
from .yamlio import line_of, load_yaml_file

CONFIG_FILE = "site_config.yaml"
SECTIONS = ("courses", "categories", "schedule", "search")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    locale: str
    prefix: str  # URL segment ("" for the root, "en" for /en/)
    sections: dict[str, str]  # section -> URL segment in this language


@dataclass(frozen=True)
class MenuItem:
    label: str
    section: str | None = None
    page: str | None = None
    url: str | None = None
    line: int | None = None  # where site_config.yaml defines it, for messages


@dataclass(frozen=True)
class Office:
    name: dict[str, str]
    short_name: dict[str, str] | None  # the office itself, for the header ("UPT Pelatihan ...")
    parent: dict[str, str] | None  # the agency it belongs to ("Dinas Koperasi dan UKM Provinsi ...")
    address: str
    city: str
    region: str
    postal_code: str
    phone: Phone | None
    whatsapp: Phone | None
    email: str | None
    map_url: str | None
    opening_hours: dict[str, str] | None


@dataclass(frozen=True)
class Logo:
    """The office's emblem: an SVG, and a PNG for what cannot show SVG (paths under static/)."""

    svg: str
    png: str | None
    alt: dict[str, str]
    lines: dict[str, int | None] = field(default_factory=dict, compare=False)  # "svg", "png": where written


@dataclass(frozen=True)
class BuildOptions:
    output: str
    sanitize_html: bool
    related_courses: int
    home_sessions: int
    closing_soon_days: int
    messages: str | None = None  # the language of the tool's messages to this site's editors


@dataclass(frozen=True)
class AdminOptions:
    """Where the browser editor at /admin/ reads and saves: a repository on a Git host."""

    backend: str  # github | gitlab
    repo: str  # owner/name (GitLab: group/subgroup/name)
    branch: str
    app_id: str | None = None  # GitLab: the OAuth application's id (sign-in with PKCE, no server)
    api_root: str | None = None  # a self-hosted GitLab or GitHub Enterprise: its API address

    @property
    def api_origin(self) -> str:
        """The origin the editor talks to: the one host it may connect to."""
        if self.api_root:
            parts = urlsplit(self.api_root)
            return f"{parts.scheme}://{parts.netloc}"
        return "https://api.github.com" if self.backend == "github" else "https://gitlab.com"


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    title: dict[str, str]
    short_title: dict[str, str]  # for the header on a phone; the title when not given
    description: dict[str, str]
    base_url: str  # always ends with "/"
    timezone: str
    default_language: str
    languages: tuple[Language, ...]
    office: Office
    menus: dict[str, tuple[MenuItem, ...]]
    build: BuildOptions
    logo: Logo | None = None
    admin: AdminOptions | None = None  # the browser editor is published only with this block

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.languages)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)

    @property
    def path_prefix(self) -> str:
        """The sub-path the site lives under: "/" or "/katalog/"."""
        return urlsplit(self.base_url).path or "/"

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def absolute(self, url: str) -> str:
        """An absolute URL for a site path such as "/katalog/pelatihan/x/"."""
        return self.origin + url

    def with_base_url(self, base_url: str) -> SiteConfig:
        return dataclasses.replace(self, base_url=_normal_base_url(base_url))


def _normal_base_url(value: str) -> str:
    return value if value.endswith("/") else value + "/"


def parse_base_url(value: Any) -> str:
    word = s.text(value)
    parts = urlsplit(word)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise s.Invalid(msg("'{value}' must be a full address such as https://example.org/ or "
                            "https://example.org/katalog/", value=word))
    return _normal_base_url(word)


def _known_zone(value: Any) -> str:
    word = s.text(value)
    try:
        ZoneInfo(word)
    except (ZoneInfoNotFoundError, ValueError):
        raise s.Invalid(msg("'{value}' is not a known time zone; use a name such as Asia/Jakarta",
                            value=word)) from None
    return word


_timezone = s.Rule(_known_zone, "timezone")  # a name the time zone database knows


def _locale(value: Any) -> str:
    word = s.text(value)
    try:
        Locale.parse(word)
    except (UnknownLocaleError, ValueError):
        raise s.Invalid(msg("'{value}' is not a known locale; use one such as id_ID or en_US", value=word)) from None
    return word


def _prefix(value: Any) -> str:
    return s.slug(value)


def preferred_messages(root: Path) -> str | None:
    """The language the site's editors read the tool's messages in (``build.messages``); None
    when it names none or cannot be read (the build then reports why, in the default language)."""
    try:
        config = load_config(root, Problems(root))
    except ContentError:
        return None
    return config.build.messages if config is not None else None


def load_config(root: Path, problems: Problems) -> SiteConfig | None:
    """Read and validate ``root/site_config.yaml``; None (with problems recorded) if unusable."""
    path = root / CONFIG_FILE
    display = CONFIG_FILE
    if not path.is_file():
        problems.error(display, msg("is missing: the site folder {folder} needs one", folder=root))
        return None
    data = load_yaml_file(path, root, display)

    language_spec = {
        "name": s.Field(s.text, required=True),
        "locale": s.Field(_locale, required=True),
        "prefix": s.Field(_prefix, default=""),
        "sections": s.Field(lambda v: v, required=True),
    }
    top = s.check(
        data,
        {
            "title": s.Field(lambda v: v, required=True),
            "short_title": s.Field(lambda v: v),
            "description": s.Field(lambda v: v, required=True),
            "logo": s.Field(lambda v: v),
            "base_url": s.Field(parse_base_url, required=True),
            "timezone": s.Field(_timezone, default="Asia/Jakarta"),
            "default_language": s.Field(s.key, required=True),
            "languages": s.Field(lambda v: v, required=True),
            "office": s.Field(lambda v: v, required=True),
            "menus": s.Field(lambda v: v, default={}),
            "build": s.Field(lambda v: v, default={}),
            "admin": s.Field(lambda v: v),
        },
        problems,
        display,
    )
    languages = _languages(top["languages"], language_spec, problems, display)
    codes = tuple(lang.code for lang in languages)
    if not codes:
        return None
    if top["default_language"] not in codes:
        problems.error(display, msg("must be one of the languages listed ({languages})", languages=", ".join(codes)),
                       line_of(data, "default_language"), "default_language")
        return None
    text_in = s.localized(codes)
    localized = {}
    for name in ("title", "description", "short_title"):
        try:
            localized[name] = text_in(top[name]) if top[name] is not None else None
        except s.Invalid as exc:
            problems.error(display, exc.message, line_of(data, name), name)
    logo = _logo(top["logo"], text_in, problems, display)
    office = _office(top["office"], text_in, problems, display)
    menus = _menus(top["menus"], codes, problems, display)
    admin = _admin(top["admin"], problems, display)
    build = s.check(
        top["build"],
        {
            "output": s.Field(s.text, default="public"),
            "sanitize_html": s.Field(s.boolean, default=True),
            "related_courses": s.Field(s.integer(0), default=3),
            "home_sessions": s.Field(s.integer(0), default=6),
            "closing_soon_days": s.Field(s.integer(0), default=7),
            "messages": s.Field(s.choice(*MESSAGE_LANGUAGES)),
        },
        problems,
        display,
        prefix="build.",
    )
    if problems.errors or office is None or localized["title"] is None or localized["description"] is None:
        return None
    # Default language first: listings and x-default rely on that order.
    ordered = tuple(sorted(languages, key=lambda lang: lang.code != top["default_language"]))
    return SiteConfig(
        root=root,
        title=localized["title"],
        short_title=localized["short_title"] or localized["title"],
        description=localized["description"],
        base_url=top["base_url"],
        timezone=top["timezone"],
        default_language=top["default_language"],
        languages=ordered,
        office=office,
        menus=menus,
        build=BuildOptions(**build),
        logo=logo,
        admin=admin,
    )


def _languages(data: Any, spec: dict[str, s.Field], problems: Problems, display: str) -> tuple[Language, ...]:
    if not isinstance(data, dict) or not data:
        if data is not None:
            problems.error(display, msg("must list each language with its name, locale and sections"), None,
                           "languages")
        return ()
    result = []
    for code, entry in data.items():
        prefix = f"languages.{code}."
        try:
            s.key(code)
        except s.Invalid as exc:
            problems.error(display, exc.message, line_of(data, code), f"languages.{code}")
            continue
        fields = s.check(entry, spec, problems, display, prefix=prefix)
        sections = fields["sections"] or {}
        # A section without its own word in this language keeps the English one.
        checked = s.check(sections, {name: s.Field(s.slug, default=name) for name in SECTIONS},
                          problems, display, prefix=prefix + "sections.")
        result.append(Language(code, fields["name"] or code, fields["locale"] or "en", fields["prefix"], checked))
    prefixes = [lang.prefix for lang in result]
    if len(set(prefixes)) != len(prefixes):
        problems.error(display, msg("two languages share the same URL prefix"), getattr(data, "line", None),
                       "languages")
    return tuple(result)


def _office(data: Any, text_in: s.Converter, problems: Problems, display: str) -> Office | None:
    fields = s.check(
        data,
        {
            "name": s.Field(text_in, required=True),
            "short_name": s.Field(text_in),
            "parent": s.Field(text_in),
            "address": s.Field(s.text, required=True),
            "city": s.Field(s.text, required=True),
            "region": s.Field(s.text, required=True),
            "postal_code": s.Field(s.text, default=""),
            "phone": s.Field(s.phone),
            "whatsapp": s.Field(s.phone),
            "email": s.Field(s.text),
            "map_url": s.Field(s.url),
            "opening_hours": s.Field(text_in),
        },
        problems,
        display,
        prefix="office.",
    )
    return Office(**fields) if fields["name"] else None


def _logo(data: Any, text_in: s.Converter, problems: Problems, display: str) -> Logo | None:
    if data is None:
        return None
    fields = s.check(data, {"svg": s.Field(s.text, required=True), "png": s.Field(s.text),
                            "alt": s.Field(text_in, required=True)}, problems, display, prefix="logo.")
    if not fields["svg"] or not fields["alt"]:
        return None
    return Logo(fields["svg"].lstrip("/"), fields["png"].lstrip("/") if fields["png"] else None, fields["alt"],
                {name: line_of(data, name) for name in ("svg", "png")})


REPOSITORY = s.Rule(lambda value: _repository(s.text(value)), "text", pattern=r"[\w.-]+(/[\w.-]+)+")


def _repository(word: str) -> str:
    if not re.fullmatch(REPOSITORY.pattern or "", word):
        raise s.Invalid(msg("'{value}' must name the repository as owner/name, like dinas-koperasi/katalog-pelatihan",
                            value=word))
    return word


def _admin(data: Any, problems: Problems, display: str) -> AdminOptions | None:
    if data is None:
        return None
    fields = s.check(data, {"backend": s.Field(s.choice("github", "gitlab"), required=True),
                            "repo": s.Field(REPOSITORY, required=True),
                            "branch": s.Field(s.text, default="main"),
                            "app_id": s.Field(s.text),
                            "api_root": s.Field(s.https_url)}, problems, display, prefix="admin.")
    if fields["backend"] == "gitlab" and not fields["app_id"]:
        problems.error(display, msg("is required for GitLab: the id of the OAuth application the editor signs in "
                                    "with"), getattr(data, "line", None), "admin.app_id")
    if not fields["backend"] or not fields["repo"]:
        return None
    return AdminOptions(**fields)


def _menus(data: Any, codes: tuple[str, ...], problems: Problems, display: str) -> dict[str, tuple[MenuItem, ...]]:
    spec = {
        "label": s.Field(s.text, required=True),
        "section": s.Field(s.choice("home", *SECTIONS)),
        "page": s.Field(s.key),
        "url": s.Field(s.url),
    }
    menus: dict[str, tuple[MenuItem, ...]] = {code: () for code in codes}
    if not isinstance(data, dict):
        problems.error(display, msg("must give a list of links for each language"), None, "menus")
        return menus
    for code, items in data.items():
        if code not in codes:
            problems.error(display, msg("'{value}' is not one of the site's languages ({languages})", value=code,
                                        languages=", ".join(codes)), line_of(data, code), f"menus.{code}")
            continue
        try:
            entries = s.list_of(spec, problems, display, f"menus.{code}")(items)
        except s.Invalid as exc:
            problems.error(display, exc.message, line_of(data, code), f"menus.{code}")
            continue
        for i, entry in enumerate(entries):
            targets = [t for t in ("section", "page", "url") if entry[t]]
            if len(targets) != 1:
                problems.error(display, msg("needs exactly one of section, page or url"), line_of(data, code),
                               f"menus.{code}[{i + 1}]")
        menus[code] = tuple(MenuItem(**entry, line=getattr(item, "line", None)) for entry, item in zip(entries, items,
                                                                                                       strict=True))
    return menus

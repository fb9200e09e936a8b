"""A small declarative schema for editors' YAML: fields, types, allowed values.

Config, front matter, data files and schedules all describe their fields here, so every
one of them reports problems the same way: file, line, field, plain words, and a
"did you mean" for unknown keys.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import Problems
from .messages import Message, msg
from .yamlio import Mapping


class Invalid(ValueError):
    """A value an editor wrote does not fit its field; the message says what would."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


Converter = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False
    default: Any = None


def check(
    data: Any,
    spec: dict[str, Field],
    problems: Problems,
    path: str,
    *,
    prefix: str = "",
    unknown_is_error: bool = True,
) -> dict[str, Any]:
    """Validate ``data`` against ``spec``; record every problem; return converted values."""
    if not isinstance(data, dict):
        problems.error(path, msg("must be a group of 'field: value' lines"), getattr(data, "line", None),
                       prefix.rstrip(".") or None)
        return {name: f.default for name, f in spec.items()}
    line_of = data.line_of if isinstance(data, Mapping) else (lambda _key: None)
    result: dict[str, Any] = {}
    for key in data:
        if key not in spec:
            report = problems.error if unknown_is_error else problems.warning
            report(path, unknown_field(key, spec), line_of(key), prefix + str(key))
    for name, field in spec.items():
        value = data.get(name)
        if value is None or value == "":
            if field.required:
                problems.error(path, msg("is required but missing"), getattr(data, "line", None), prefix + name)
            result[name] = field.default
            continue
        try:
            result[name] = field.convert(value)
        except Invalid as exc:
            problems.error(path, exc.message, line_of(name), prefix + name)
            result[name] = field.default
    return result


def closest(word: str, known: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_field(word: str, known: Iterable[str]) -> Message:
    suggestion = closest(word, known)
    if suggestion:
        return msg("is not a known field; did you mean '{suggestion}'?", suggestion=suggestion)
    return msg("is not a known field")


# Converters. Each takes what YAML gave and returns a clean value or raises Invalid.

def text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Invalid(msg("must be a piece of text, not a list or a group of fields"))
    if isinstance(value, bool):
        raise Invalid(msg("must be text; put it in quotes"))
    return str(value).strip()


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(msg("must be true or false, not '{value}'", value=value))
    return value


def integer(minimum: int | None = 0) -> Converter:
    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(msg("must be a whole number, not '{value}'", value=value))
        if minimum is not None and value < minimum:
            raise Invalid(msg("must be {minimum} or more, not {value}", minimum=minimum, value=value))
        return value

    return convert


def number(value: Any) -> float | int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(msg("must be a number, not '{value}'", value=value))
    if value < 0:
        raise Invalid(msg("must be {minimum} or more, not {value}", minimum=0, value=value))
    return value


def choice(*allowed: str) -> Converter:
    def convert(value: Any) -> str:
        word = text(value)
        if word not in allowed:
            raise Invalid(msg("must be one of {allowed}, not '{value}'", allowed=", ".join(allowed), value=word))
        return word

    return convert


def text_list(value: Any) -> tuple[str, ...]:
    """A list of texts; a single text is accepted as a list of one."""
    items = value if isinstance(value, list) else [value]
    return tuple(text(item) for item in items if item is not None)


_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def slug(value: Any) -> str:
    word = text(value)
    if "/" in word or "\\" in word or ".." in word or any(ord(ch) < 32 for ch in word):
        raise Invalid(msg("'{value}' must be one URL segment: no '/', '\\', '..' or control characters", value=word))
    if not _SLUG.match(word):
        raise Invalid(msg("'{value}' may hold only lowercase letters, digits and '-' (like 'foto-produk')", value=word))
    return word


def key(value: Any) -> str:
    word = text(value)
    if not _SLUG.match(word):
        raise Invalid(msg("'{value}' is not a valid key; use lowercase letters, digits and '-'", value=word))
    return word


def key_list(value: Any) -> tuple[str, ...]:
    return tuple(key(item) for item in (value if isinstance(value, list) else [value]))


def url(value: Any) -> str:
    word = text(value)
    if not re.match(r"^(https?://[^\s/]+[^\s]*|mailto:[^\s]+|tel:[+0-9][0-9 \-]*)$", word):
        raise Invalid(msg("'{value}' must be a full web address starting with https:// (or mailto:, tel:)", value=word))
    return word


def calendar_date(value: Any) -> date:
    word = text(value)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise Invalid(msg("'{value}' is not a real date written as YYYY-MM-DD (like 2026-03-31)", value=word)) from None


def local_datetime(value: Any) -> datetime:
    """A wall-clock time like ``2026-02-10 08:00``; the zone comes from elsewhere."""
    word = text(value)
    try:
        moment = datetime.fromisoformat(word)
    except ValueError:
        raise Invalid(msg("'{value}' is not a real date and time written as YYYY-MM-DD HH:MM", value=word)) from None
    if moment.tzinfo is not None:
        raise Invalid(msg("'{value}' must be a local time without an offset; set 'timezone' instead", value=word))
    return moment


def localized(languages: tuple[str, ...]) -> Converter:
    """Text that may differ by language: ``{id: ..., en: ...}``, or one text for all."""

    def convert(value: Any) -> dict[str, str]:
        if isinstance(value, dict):
            unknown = [k for k in value if k not in languages]
            if unknown:
                raise Invalid(msg("has the language '{value}', but the site's languages are {languages}",
                                  value=unknown[0], languages=", ".join(languages)))
            texts = {lang: text(v) for lang, v in value.items() if v is not None}
            if not texts:
                raise Invalid(msg("needs a text in at least one language"))
            # A missing language falls back to the first one written.
            first = next(iter(texts.values()))
            return {lang: texts.get(lang, first) for lang in languages}
        return {lang: text(value) for lang in languages}

    return convert


def list_of(spec: dict[str, Field], problems: Problems, path: str, name: str) -> Converter:
    def convert(value: Any) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise Invalid(msg("must be a list (lines starting with '- ')"))
        return tuple(check(item, spec, problems, path, prefix=f"{name}[{i + 1}].") for i, item in enumerate(value))

    return convert


def group(spec: dict[str, Field], problems: Problems, path: str, name: str) -> Converter:
    def convert(value: Any) -> dict[str, Any]:
        return check(value, spec, problems, path, prefix=f"{name}.")

    return convert

"""A small declarative schema for editors' YAML: fields, types, allowed values.

Config, front matter, data files and schedules all describe their fields here, so every
one of them reports problems the same way: file, line, field, plain words, and a
"did you mean" for unknown keys.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Generic, NoReturn, TypeVar
from urllib.parse import urlsplit

from .errors import Problems
from .messages import Message, msg
from .model import Phone
from .phones import NotAPhoneNumber, parse_phone
from .yamlio import line_of


class Invalid(ValueError):
    """A value an editor wrote does not fit its field; the message says what would."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


Converter = Callable[[Any], Any]


T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Rule(Generic[T]):
    """A converter together with what it accepts, said as data (its kind, allowed values, least
    value, the pattern a written text must match, its sub-fields), so that the browser editor's
    forms are made from the very rules the loaders check with (see ``cms_config.py``)."""

    convert: Callable[[Any], T]
    kind: str  # text, boolean, integer, number, choice, key, keys, slug, texts, url, https_url, phone,
    #            date, datetime, timezone, localized, group, records
    options: tuple[str, ...] = ()  # choice, timezone: every value accepted
    minimum: float | None = None  # integer, number
    pattern: str | None = None  # what a written text must match (for phone: necessary, not sufficient)
    fields: dict[str, Field] | None = None  # group, records
    languages: tuple[str, ...] = ()  # localized

    def __call__(self, value: Any) -> T:
        return self.convert(value)


@dataclass(frozen=True)
class Field:
    convert: Converter
    required: bool = False
    default: Any = None
    missing: Message | None = None  # what to say when a required field is absent, if not the usual
    refers: str | None = None  # the keys it must be one of: courses, categories, venues, trainers

    @property
    def rule(self) -> Rule[Any] | None:
        return self.convert if isinstance(self.convert, Rule) else None


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
    result: dict[str, Any] = {}
    missing = {name for name, f in spec.items() if f.required and _absent(data.get(name))}
    for key in data:
        if key not in spec:
            # A misspelt required field is the cause of its "missing" error: an error too, so
            # that the editor sees both, side by side, in the same run.
            report = problems.error if unknown_is_error or closest(key, missing) else problems.warning
            report(path, unknown_field(key, spec), line_of(data, key), prefix + str(key))
    for name, field in spec.items():
        value = data.get(name)
        if _absent(value):
            if field.required:
                problems.error(path, field.missing or msg("is required but missing"), getattr(data, "line", None),
                               prefix + name)
            result[name] = field.default
            continue
        try:
            result[name] = field.convert(value)
        except Invalid as exc:
            problems.error(path, exc.message, line_of(data, name), prefix + name)
            result[name] = field.default
    return result


def _absent(value: Any) -> bool:
    return value is None or value == ""


def closest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    close = difflib.get_close_matches(str(word), list(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def unknown_field(word: str, known: Iterable[str]) -> Message:
    suggestion = closest(word, known)
    if suggestion:
        return msg("is not a known field; did you mean '{suggestion}'?", suggestion=suggestion)
    return msg("is not a known field")


# Converters. Each takes what YAML gave and returns a clean value or raises Invalid.

def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Invalid(msg("must be a piece of text, not a list or a group of fields"))
    if isinstance(value, bool):
        raise Invalid(msg("must be text; put it in quotes"))
    # An unquoted number is kept as written: 0341551234 is a phone, not the octal 59167388.
    return str(getattr(value, "written", value)).strip()


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(msg("must be true or false, not '{value}'", value=value))
    return value


text = Rule(_text, "text")
boolean = Rule(_boolean, "boolean")


# 150.000, Rp 150.000,-, Rp150000 or 150000,-: what an editor writes on a poster, not in a number field.
_MONEY_WRITING = re.compile(r"^(?:Rp\.?\s*)?\d{1,3}(?:[.,]\d{3})+(?:,-)?$|^(?:Rp\.?\s*)?\d+(?:,-)?$", re.IGNORECASE)


def integer(minimum: int | None, below: Message | None = None) -> Rule[int]:
    """A whole number written with digits only, ``minimum`` or more (None: any); ``below`` says what
    to do under ``minimum``.

    Digits in quotes ("250000") are accepted. What YAML would silently change is refused:
    a leading zero (0250000 is octal to YAML), underscores, hexadecimal, 1:30 (sexagesimal).
    """

    def convert(value: Any) -> int:
        written = str(getattr(value, "written", value)).strip()
        if isinstance(value, bool) or not re.fullmatch(r"-?\d+", written):
            _refuse_written_number(written)
        if re.fullmatch(r"-?0\d+", written):
            raise Invalid(msg("'{value}' starts with a 0; write it without the leading zero, like {digits}",
                              value=written, digits=int(written)))
        number = int(written)
        if minimum is not None and number < minimum:
            raise Invalid(below or msg("must be {minimum} or more, not {value}", minimum=minimum, value=number))
        return number

    # The digits it accepts, its least value said as a pattern: the forms check typed text with it
    # (a browser's number box reads 150.000 as 150, so numbers are typed as text).
    patterns = {None: r"-?(0|[1-9]\d*)", 0: r"0|[1-9]\d*", 1: r"[1-9]\d*"}
    return Rule(convert, "integer", minimum=minimum, pattern=patterns[minimum])


def _refuse_written_number(written: str) -> NoReturn:
    """The message for a number field whose text is not plain digits."""
    if _MONEY_WRITING.match(written):
        digits = re.sub(r"\D", "", written)  # "Rp150.000,-" -> "150000"
        raise Invalid(msg("'{value}' has dots, commas or 'Rp'; write the whole number with digits only, "
                          "like {digits}", value=written, digits=digits))
    raise Invalid(msg("must be a whole number written with digits only (like 150000), not '{value}'",
                      value=written))


def _number(value: Any) -> float | int:
    """A number of zero or more that may have a fraction, written with a point: 1.5."""
    if isinstance(value, int) and not isinstance(value, bool):
        return integer(minimum=0)(value)
    if isinstance(value, str) and re.fullmatch(r"\d+,\d+", value.strip()):
        raise Invalid(msg("'{value}' uses a comma; write the fraction with a point, like {point}",
                          value=value.strip(), point=value.strip().replace(",", ".")))
    if isinstance(value, str) and re.fullmatch(_DECIMAL, value.strip()):  # in quotes, as the editor saves it
        return _number(int(value) if value.strip().isdigit() else float(value))
    if isinstance(value, bool) or not isinstance(value, float):
        raise Invalid(msg("must be a number, not '{value}'", value=value))
    if value < 0:
        raise Invalid(msg("must be {minimum} or more, not {value}", minimum=0, value=value))
    return float(value)


_DECIMAL = r"(0|[1-9]\d*)(\.\d+)?"
number = Rule(_number, "number", minimum=0, pattern=_DECIMAL)


def choice(*allowed: str) -> Rule[str]:
    def convert(value: Any) -> str:
        word = text(value)
        if word not in allowed:
            close = closest(word, allowed)
            if close:
                raise Invalid(msg("must be one of {allowed}, not '{value}'; did you mean '{close}'?",
                                  allowed=", ".join(allowed), value=word, close=close))
            raise Invalid(msg("must be one of {allowed}, not '{value}'", allowed=", ".join(allowed), value=word))
        return word

    return Rule(convert, "choice", options=tuple(allowed))


def one_of(kind: type[E]) -> Rule[E]:
    """A member of an enumeration, written as its value."""
    pick = choice(*(member.value for member in kind))
    return Rule(lambda value: kind(pick(value)), "choice", options=pick.options)


def _text_list(value: Any) -> tuple[str, ...]:
    """A list of texts; a single text is accepted as a list of one."""
    items = value if isinstance(value, list) else [value]
    return tuple(text(item) for item in items if item is not None)


text_list = Rule(_text_list, "texts")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def _slug(value: Any) -> str:
    word = text(value)
    if "/" in word or "\\" in word or ".." in word or any(ord(ch) < 32 for ch in word):
        raise Invalid(msg("'{value}' must be one URL segment: no '/', '\\', '..' or control characters", value=word))
    if not _SLUG.match(word):
        raise Invalid(msg("'{value}' may hold only lowercase letters, digits and '-' (like 'foto-produk')", value=word))
    return word


def _key(value: Any) -> str:
    word = text(value)
    if not _SLUG.match(word):
        raise Invalid(msg("'{value}' is not a valid key; use lowercase letters, digits and '-'", value=word))
    return word


slug = Rule(_slug, "slug", pattern=_SLUG.pattern[1:-1])
key = Rule(_key, "key", pattern=_SLUG.pattern[1:-1])
key_list = Rule(lambda value: tuple(key(item) for item in (value if isinstance(value, list) else [value])), "keys",
                pattern=_SLUG.pattern[1:-1])


def _url(value: Any) -> str:
    """A link: a web address, or mailto:."""
    word = text(value)
    if re.fullmatch(r"mailto:[^\s@]+@[^\s@]+", word):
        return word
    return _web_address(word, secure_only=False)


def _https_url(value: Any) -> str:
    """A web address that must be https:// (where people type personal details)."""
    return _web_address(text(value), secure_only=True)


# What a web address must look like, for the forms: a scheme, a host with a dot, no space.
_HOST = r"[^\s/?#]*\.[^\s/?#]*([/?#]\S*)?"
url = Rule(_url, "url", pattern=rf"https?://{_HOST}|mailto:[^\s@]+@[^\s@]+")
https_url = Rule(_https_url, "https_url", pattern=rf"https://{_HOST}")


def _web_address(word: str, secure_only: bool) -> str:
    if re.search(r"\s", word):
        raise Invalid(msg("'{value}' contains a space; a web address has none (copy it again from the browser's "
                          "address bar)", value=word))
    parts = urlsplit(word)
    if parts.scheme == "http" and secure_only:
        raise Invalid(msg("'{value}' starts with http://; write the secure address, starting with https://",
                          value=word))
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname:
        raise Invalid(msg("'{value}' must be a full web address starting with https://", value=word))
    return word


def _phone(value: Any) -> Phone:
    word = text(value)
    try:
        return parse_phone(word)
    except NotAPhoneNumber:
        raise Invalid(msg("'{value}' is not a phone number that can be dialled; write it like 0812-3456-7890 or "
                          "(0341) 551234, in quotes", value=word)) from None


# Digits and what people write between them; whether the number can be dialled only the build knows.
phone = Rule(_phone, "phone", pattern=r"\+?\(?[0-9][0-9 ()./-]{5,}[0-9]")


def _what_is_wrong(word: str) -> Message | None:
    """For a date (and time) written in the right shape but impossible, the part that is wrong:
    an editor who wrote YYYY-MM-DD HH:MM is told which number to fix, not the format again."""
    shape = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2})([:.])(\d{2}))?", word)
    if shape is None:
        return None
    year, month, day, hour, separator, minute = shape.groups()
    if not 1 <= int(month) <= 12:
        return msg("'{value}' is not a real date: there is no month {month} (months run from 01 to 12)",
                   value=word, month=month)
    days = calendar.monthrange(int(year), int(month))[1]
    if not 1 <= int(day) <= days:
        return msg("'{value}' is not a real date: month {month} of {year} has {days} days", value=word, month=month,
                   year=year, days=days)
    if hour is not None and (int(hour) > 23 or int(minute) > 59):
        return msg("'{value}' is not a real time of day: hours run from 00 to 23 and minutes from 00 to 59",
                   value=word)
    if separator == "." or (hour is not None and len(hour) == 1):
        return msg("'{value}': write the time as two digits, a colon and two digits, like {fixed}", value=word,
                   fixed=f"{year}-{month}-{day} {int(hour):02d}:{minute}")
    return None


def _calendar_date(value: Any) -> date:
    word = text(value)
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise Invalid(_what_is_wrong(word) or msg("'{value}' is not a real date written as YYYY-MM-DD (like "
                                                  "2026-03-31)", value=word)) from None


def _local_datetime(value: Any) -> datetime:
    """A wall-clock time like ``2026-02-10 08:00``; the zone comes from elsewhere. A date
    alone is refused: midnight is never a guess we publish."""
    word = text(value)
    try:
        moment = datetime.fromisoformat(word)
    except ValueError:
        raise Invalid(_what_is_wrong(word) or msg("'{value}' is not a real date and time written as YYYY-MM-DD "
                                                  "HH:MM", value=word)) from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        raise Invalid(msg("'{value}' has no time of day; write the date and the time, like {value} 08:00",
                          value=word))
    if moment.tzinfo is not None:
        raise Invalid(msg("'{value}' must be a local time without an offset; set 'timezone' instead", value=word))
    return moment


calendar_date = Rule(_calendar_date, "date")
local_datetime = Rule(_local_datetime, "datetime")


def localized(languages: tuple[str, ...]) -> Rule[dict[str, str]]:
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

    return Rule(convert, "localized", languages=languages)


def list_of(spec: dict[str, Field], problems: Problems, path: str, name: str) -> Rule[tuple[dict[str, Any], ...]]:
    def convert(value: Any) -> tuple[dict[str, Any], ...]:
        if not isinstance(value, list):
            raise Invalid(msg("must be a list (lines starting with '- ')"))
        return tuple(check(item, spec, problems, path, prefix=f"{name}[{i + 1}].") for i, item in enumerate(value))

    return Rule(convert, "records", fields=spec)


def group(spec: dict[str, Field], problems: Problems, path: str, name: str) -> Rule[dict[str, Any]]:
    def convert(value: Any) -> dict[str, Any]:
        return check(value, spec, problems, path, prefix=f"{name}.")

    return Rule(convert, "group", fields=spec)

"""Messages to editors, written once in English and translated from a gettext catalogue.

A message keeps its English template and its values apart, so the CLI can print it in the
editor's chosen language (``--messages id``); the values (file names, what the editor
typed) are never translated. The Indonesian catalogue is ``katalog/locale/id.po``, read
with Babel; ``tests/test_messages.py`` proves every message has a translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("en", "id")


@dataclass(frozen=True)
class Message:
    template: str  # English, with {named} placeholders
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None  # English for a {count} other than 1

    def __str__(self) -> str:
        return self._english().format(**dict(self.values))

    def translated(self, catalog: Catalog | None) -> str:
        if catalog is None:
            return str(self)
        entry = catalog.get(self.template)
        if entry is None or not entry.string:
            return str(self)
        text = entry.string
        if isinstance(text, (tuple, list)):
            # Our languages have one form (Indonesian) or two, singular and plural (English).
            text = text[0 if catalog.num_plurals == 1 or self._count() == 1 else 1]
        return str(text).format(**dict(self.values))

    def _english(self) -> str:
        return self.template if self.plural is None or self._count() == 1 else self.plural

    def _count(self) -> object:
        return dict(self.values).get("count")


def msg(template: str, **values: object) -> Message:
    return Message(template, tuple(values.items()))


def msg_n(singular: str, plural: str, count: int, **values: object) -> Message:
    """A message that names a number of things: ``singular`` when ``count`` is 1."""
    return Message(singular, (("count", count), *values.items()), plural)


def load_catalog(language: str) -> Catalog | None:
    """The catalogue of a message language; English needs none."""
    if language == "en":
        return None
    with (LOCALE_DIR / f"{language}.po").open("rb") as handle:
        return read_po(handle, locale=language)

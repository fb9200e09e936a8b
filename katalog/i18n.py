"""UI strings: one YAML file per language in templates/strings/, missing ones fall back.

A site folder's own ``templates/strings/<lang>.yaml`` overrides the project's key by key.
A string that counts something may give a text per CLDR plural category of its language
(``{one: "{count} course", other: "{count} courses"}``); Babel's plural rules choose, and the
browser's ``Intl.PluralRules`` chooses the same way for counts made in the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale

from .errors import Problems
from .messages import msg
from .yamlio import line_of, read_yaml

STRINGS_DIR = Path("templates") / "strings"
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

Text = str | dict[str, str]  # a text, or a text per plural category


@dataclass(frozen=True)
class Strings:
    by_language: dict[str, dict[str, Text]]
    order: tuple[str, ...]  # fallback order: the page's language, then these
    locales: dict[str, str] = field(default_factory=dict)  # language -> locale, for plural rules

    def get(self, lang: str, key: str, **values: object) -> str:
        for candidate in (lang, *self.order):
            text = self.by_language.get(candidate, {}).get(key)
            if text is not None:
                if isinstance(text, dict):
                    text = text.get(self.plural(candidate, values.get("count", 0)), text["other"])
                return text.format(**values) if values else text
        raise KeyError(f"the UI string '{key}' is missing in every language (templates/strings/*.yaml)")

    def forms(self, lang: str, key: str) -> dict[str, str]:
        """Every plural form of a counting string, for counts made in the browser."""
        for candidate in (lang, *self.order):
            text = self.by_language.get(candidate, {}).get(key)
            if text is not None:
                return dict(text) if isinstance(text, dict) else {"other": text}
        raise KeyError(f"the UI string '{key}' is missing in every language (templates/strings/*.yaml)")

    def plural(self, lang: str, count: object) -> str:
        number = count if isinstance(count, (int, float)) else 0
        return Locale.parse(self.locales.get(lang, lang)).plural_form(number)


def load_strings(folders: list[Path], languages: tuple[str, ...], problems: Problems,
                 locales: dict[str, str] | None = None) -> Strings:
    """Merge the strings of each folder (project first, site last) for each language."""
    merged: dict[str, dict[str, Text]] = {lang: {} for lang in languages}
    for folder in folders:
        for lang in languages:
            path = folder / STRINGS_DIR / f"{lang}.yaml"
            if not path.is_file():
                continue
            display = problems.where(path)
            data = read_yaml(path, folder, display, problems)
            if data is None:
                continue
            if not isinstance(data, dict):
                problems.error(display, msg("must map each string's name to its text"), 1)
                continue
            for key, value in data.items():
                if isinstance(value, dict) and "other" in value and set(value) <= set(PLURAL_CATEGORIES) \
                        and all(isinstance(v, str) for v in value.values()):
                    merged[lang][key] = {k: str(v) for k, v in value.items()}
                elif isinstance(value, (dict, list)):
                    problems.error(display, msg("must be a single text, or a text per plural form with at least "
                                                "'other' (one, other, ...)"), line_of(data, key), key)
                else:
                    merged[lang][key] = str(value)
    return Strings(merged, languages, dict(locales or {}))

"""UI strings: one YAML file per language in templates/strings/, missing ones fall back.

A site folder's own ``templates/strings/<lang>.yaml`` overrides the project's key by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problems
from .messages import msg
from .yamlio import read_yaml

STRINGS_DIR = Path("templates") / "strings"


@dataclass(frozen=True)
class Strings:
    by_language: dict[str, dict[str, str]]
    order: tuple[str, ...]  # fallback order: the page's language, then these

    def get(self, lang: str, key: str, **values: object) -> str:
        for candidate in (lang, *self.order):
            text = self.by_language.get(candidate, {}).get(key)
            if text is not None:
                return text.format(**values) if values else text
        raise KeyError(f"the UI string '{key}' is missing in every language (templates/strings/*.yaml)")


def load_strings(folders: list[Path], languages: tuple[str, ...], problems: Problems) -> Strings:
    """Merge the strings of each folder (project first, site last) for each language."""
    merged: dict[str, dict[str, str]] = {lang: {} for lang in languages}
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
                if isinstance(value, (dict, list)):
                    problems.error(display, msg("must be a single text"), data.line_of(key), key)
                else:
                    merged[lang][key] = str(value)
    return Strings(merged, languages)

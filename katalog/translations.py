"""Translations of one course or page: grouped by key, language-neutral facts shared, drafts decided.

The rules that span the files of one course live here: a fact that does not depend on the
language is written once and inherited by the other files, a translation stating a different
value is an error naming both files, and a language is published unless it is a draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .errors import Problems
from .messages import msg
from .model import INHERITED_COURSE_FIELDS, SHARED_COURSE_FACTS, Source

Group = dict[str, Source]  # language -> source
Fields = dict[str, Any]  # a file's front matter, converted; with the inherited facts, a language's


def group_translations(sources: Iterable[Source]) -> dict[str, Group]:
    """key -> language -> source, keys in file-name order."""
    groups: dict[str, Group] = {}
    for source in sources:
        groups.setdefault(source.key, {})[source.lang] = source
    return groups


def merged_fields(group: Group, languages: tuple[str, ...], problems: Problems | None = None) -> dict[str, Fields]:
    """Each language's course fields, with the inherited ones filled in field by field from the
    other languages' files (the default language first). With ``problems``, a shared fact that
    two files state differently is reported in the translation, naming the other file."""
    ordered = [group[lang] for lang in languages if lang in group]
    merged = {}
    for source in ordered:
        meta = dict(source.meta)
        for name in INHERITED_COURSE_FIELDS:
            if meta.get(name) is None:
                meta[name] = next((other.meta[name] for other in ordered
                                   if other is not source and other.meta.get(name) is not None), None)
        merged[source.lang] = meta
    if problems is not None:
        _report_disagreements(ordered, problems)
    return merged


def _report_disagreements(ordered: list[Source], problems: Problems) -> None:
    for name in SHARED_COURSE_FACTS:
        stated = [source for source in ordered if source.meta.get(name) is not None]
        for source in stated[1:]:
            first = stated[0]
            if source.meta[name] != first.meta[name]:
                problems.error(source.display, msg(
                    "'{value}' differs from '{other_value}' in {other}; this fact does not depend on the language: "
                    "write it once (remove it here) or the same in both files", value=_shown(source.meta[name]),
                    other_value=_shown(first.meta[name]), other=f"{first.display}:{first.line_of(name) or 1}"),
                    source.line_of(name), name)


def _shown(value: Any) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def is_draft(fields: dict[str, Any]) -> bool:
    """The one rule for drafts: a language is a draft when its file says so or inherits it."""
    return bool(fields.get("draft"))


def published_languages(fields_by_lang: dict[str, dict[str, Any]], include_drafts: bool) -> set[str]:
    return {lang for lang, fields in fields_by_lang.items() if include_drafts or not is_draft(fields)}

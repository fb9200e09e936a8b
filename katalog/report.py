"""What `check` tells an editor beyond errors: which courses and pages lack a translation."""

from __future__ import annotations

from .config import load_config
from .content import read_sources
from .errors import Problems
from .messages import Message, msg
from .pipeline import BuildRequest
from .translations import group_translations


def missing_translations(request: BuildRequest) -> list[Message]:
    """One line per course or page that is missing in some language (drafts included)."""
    root = request.site_dir.resolve()
    problems = Problems(root)
    config = load_config(root, problems)
    if config is None:
        return []
    lines = []
    for kind in ("course", "page"):
        found = read_sources(root, kind, config.language_codes, config.default_language, problems)
        for key, group in group_translations(found.sources).items():
            missing = [lang for lang in config.language_codes if lang not in group]
            if missing:
                present = next(iter(group.values()))
                missing_in = ", ".join(missing)
                lines.append(msg("{file}: missing translation: the course '{key}' has no {languages} version",
                                 file=present.display, key=key, languages=missing_in) if kind == "course" else
                             msg("{file}: missing translation: the page '{key}' has no {languages} version",
                                 file=present.display, key=key, languages=missing_in))
    return lines

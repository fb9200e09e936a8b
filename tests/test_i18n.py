"""UI strings: every key exists in both languages; missing ones fall back."""

from __future__ import annotations

from pathlib import Path

import yaml
from sitefactory import PROJECT

from katalog.errors import Problems
from katalog.i18n import load_strings


def test_every_ui_string_exists_in_both_languages() -> None:
    folder = PROJECT / "templates" / "strings"
    indonesian = yaml.safe_load((folder / "id.yaml").read_text(encoding="utf-8"))
    english = yaml.safe_load((folder / "en.yaml").read_text(encoding="utf-8"))
    assert set(indonesian) == set(english), set(indonesian) ^ set(english)
    assert all(str(value).strip() for value in [*indonesian.values(), *english.values()])


def test_every_string_used_by_templates_exists() -> None:
    import re

    keys = set(yaml.safe_load((PROJECT / "templates/strings/id.yaml").read_text(encoding="utf-8")))
    used = set()
    for template in (PROJECT / "templates").rglob("*.html"):
        used |= set(re.findall(r"\bt(?:_in)?\((?:[a-z.]+, )?'([a-z_-]+)'", template.read_text(encoding="utf-8")))
    prefixes = {key for key in used if key.endswith("_")}  # t('level_' ~ course.level) and the like
    assert used and used - prefixes - keys == set()
    assert all(any(key.startswith(prefix) for key in keys) for prefix in prefixes)


def test_every_status_level_and_mode_has_a_label() -> None:
    from katalog.model import Level, Mode, Status

    for lang in ("id", "en"):
        keys = set(yaml.safe_load((PROJECT / f"templates/strings/{lang}.yaml").read_text(encoding="utf-8")))
        wanted = {f"status_{s}" for s in Status} | {f"level_{v}" for v in Level} | {f"mode_{m}" for m in Mode}
        assert wanted <= keys, wanted - keys


def test_site_overrides_strings_key_by_key_and_missing_ones_fall_back(tmp_path: Path) -> None:
    (tmp_path / "templates/strings").mkdir(parents=True)
    (tmp_path / "templates/strings/en.yaml").write_text("home: Start\nonly_english: Hello\n", encoding="utf-8")
    strings = load_strings([PROJECT, tmp_path], ("id", "en"), Problems(tmp_path))
    assert strings.get("en", "home") == "Start"
    assert strings.get("id", "home") == "Beranda"
    assert strings.get("id", "only_english") == "Hello"  # falls back to the other language
    assert strings.get("en", "courses_count", count=3) == "3 courses"

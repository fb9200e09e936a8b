"""site_config.yaml: declared schema, every problem named with line and field."""

from __future__ import annotations

from pathlib import Path

from sitefactory import CONFIG, PROJECT

from katalog.config import load_config
from katalog.errors import Problems


def load(tmp_path: Path, text: str) -> tuple[object, list[str]]:
    (tmp_path / "site_config.yaml").write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    return load_config(tmp_path, problems), [str(p) for p in problems.items]


def test_the_projects_config_is_valid() -> None:
    problems = Problems(PROJECT)
    config = load_config(PROJECT, problems)
    assert problems.items == [] and config is not None
    assert config.language_codes == ("id", "en") and config.default_language == "id"


def test_unknown_key_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    config, problems = load(tmp_path, CONFIG + "titel: oops\n")
    assert config is None
    assert any(p.startswith("site_config.yaml:") and "titel: is not a known field; did you mean 'title'?" in p
               for p in problems), problems


def test_nested_unknown_key_names_the_full_field(tmp_path: Path) -> None:
    config, problems = load(tmp_path, CONFIG.replace("  email: uji@example.org", "  emial: uji@example.org"))
    assert config is None
    assert any("office.emial: is not a known field; did you mean 'email'?" in p for p in problems), problems


def test_missing_required_field(tmp_path: Path) -> None:
    text = CONFIG.replace("base_url: https://uji.example.org/\n", "")
    config, problems = load(tmp_path, text)
    assert config is None and any("base_url: is required but missing" in p for p in problems)


def test_bad_values_are_explained(tmp_path: Path) -> None:
    text = (CONFIG.replace("timezone: Asia/Jakarta", "timezone: Asia/Malang")
            .replace("base_url: https://uji.example.org/", "base_url: uji.example.org"))
    config, problems = load(tmp_path, text)
    assert config is None
    assert any("site_config.yaml:8: timezone: 'Asia/Malang' is not a known time zone" in p for p in problems), problems
    assert any("base_url: 'uji.example.org' must be a full address" in p for p in problems), problems


def test_sub_path_base_url(tmp_path: Path) -> None:
    config, problems = load(tmp_path, CONFIG.replace("https://uji.example.org/", "https://dinas.example.org/katalog"))
    assert problems == []
    assert config.base_url == "https://dinas.example.org/katalog/"
    assert config.path_prefix == "/katalog/"
    assert config.absolute("/katalog/x/") == "https://dinas.example.org/katalog/x/"


def test_menu_item_needs_exactly_one_target(tmp_path: Path) -> None:
    text = CONFIG.replace("    - {label: Tentang, page: tentang}",
                          "    - {label: Tentang, page: tentang, section: courses}")
    config, problems = load(tmp_path, text)
    assert config is None and any("menus.id[2]: needs exactly one of section, page or url" in p for p in problems)

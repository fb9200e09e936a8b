"""Finding courses and pages, the language from the file name, translations and inherited facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitefactory import write_site

from katalog import schema
from katalog.content import read_sources
from katalog.errors import Problems
from katalog.translations import group_translations, merged_fields


def sources(site: Path, kind: str = "course"):
    problems = Problems(site)
    found = read_sources(site, kind, ("id", "en"), "id", problems)
    return found.sources, [str(p) for p in problems.items]


def test_flat_files_and_bundles_with_language_from_the_file_name(site: Path) -> None:
    write_site(site, {"content/courses/foto/index.en.md": "---\ntitle: Photo\nsummary: S.\ncategory: koperasi\n---\n",
                      "content/courses/umum.md": "---\ntitle: Umum\nsummary: S.\ncategory: koperasi\n---\n"})
    found, problems = sources(site)
    assert problems == []
    keys = {(s.key, s.lang) for s in found}
    assert keys == {("koperasi", "id"), ("koperasi", "en"), ("pemasaran", "id"), ("foto", "en"), ("umum", "id")}
    assert next(s for s in found if s.key == "foto").bundle == site / "content/courses/foto"


def test_unknown_language_in_a_file_name(site: Path) -> None:
    write_site(site, {"content/courses/x.fr.md": "---\ntitle: X\nsummary: S.\ncategory: koperasi\n---\n"})
    _found, problems = sources(site)
    assert problems == ["content/courses/x.fr.md: the language 'fr' in the file name is not one of the site's "
                        "languages (id, en); name it like x.id.md"]


def test_translation_key_links_files_with_different_names(site: Path) -> None:
    write_site(site, {"content/courses/marketing.en.md": "---\ntitle: Marketing\nsummary: S.\n"
                                                         "translation_key: pemasaran\n---\n"})
    found, problems = sources(site)
    assert problems == []
    assert set(group_translations(found)["pemasaran"]) == {"id", "en"}


def test_two_files_claiming_the_same_course_and_language(site: Path) -> None:
    write_site(site, {"content/courses/lain.id.md": "---\ntitle: Lain\nsummary: S.\ntranslation_key: koperasi\n---\n"})
    _found, problems = sources(site)
    assert len(problems) == 1
    assert "content/courses/lain.id.md:4: translation_key: is the same course or page ('koperasi')" in problems[0]
    assert "content/courses/koperasi.id.md" in problems[0]


def test_facts_are_inherited_field_by_field(site: Path) -> None:
    found, _ = sources(site)
    merged = merged_fields(group_translations(found)["koperasi"], ("id", "en"))
    english = merged["en"]
    assert english["category"] == "koperasi" and english["duration_hours"] == 24 and english["trainers"] == ("sri",)
    assert english["tags"] == ("cooperatives",)  # written in English, so kept
    assert english["title"] == "Cooperative Management"


def test_unknown_front_matter_key_is_a_warning_with_a_suggestion(site: Path) -> None:
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasaran\n"
                                                         "durasi_hours: 3\n---\n"})
    _found, problems = sources(site)
    assert problems == ["content/courses/pemasaran.id.md:5: warning: durasi_hours: is not a known field; "
                        "did you mean 'duration_hours'?"]


def test_wrong_values_name_file_line_and_field(site: Path) -> None:
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasaran\n"
                                                         "level: expert\nslug: ../x\nduration_hours: dua\n---\n"})
    _found, problems = sources(site)
    assert any(p.startswith("content/courses/pemasaran.id.md:5: level: must be one of beginner, intermediate, "
                            "advanced, not 'expert'") for p in problems), problems
    assert any(p.startswith("content/courses/pemasaran.id.md:6: slug: '../x' must be one URL segment")
               for p in problems), problems
    assert any(p.startswith("content/courses/pemasaran.id.md:7: duration_hours: must be a number") for p in problems)


def test_a_number_below_zero_is_refused_whole_or_with_a_fraction(site: Path) -> None:
    """duration_hours (schema.number) takes 0 or more: -3 is refused like -1.5, at its line."""
    for written in ("-3", "-1.5"):
        write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasaran\n"
                                                             f"duration_hours: {written}\n---\n"})
        _found, problems = sources(site)
        assert any(p.startswith(f"content/courses/pemasaran.id.md:5: duration_hours: must be 0 or more, not {written}")
                   for p in problems), problems


def test_a_number_is_taken_as_written_whole_or_with_a_fraction_in_quotes_or_not() -> None:
    """schema.number, the rule of duration_hours: 0 and fractions below 1 are numbers too; a
    number in quotes (as the browser editor saves it) is the same number, and a whole one stays
    whole (a page says 12 jam, not 12.0 jam)."""
    for written, expected in ((0, 0), (0.0, 0.0), (0.5, 0.5), ("0.5", 0.5), ("1.5", 1.5), ("12", 12), (12, 12)):
        taken = schema.number(written)
        assert (taken, type(taken)) == (expected, type(expected)), written


def test_a_link_is_a_web_address_or_a_whole_mailto() -> None:
    """schema.url (links in the configuration and data files): http:// or https://, or a mailto:
    with an address."""
    assert schema.url("mailto:info@dinkop.jatimprov.go.id") == "mailto:info@dinkop.jatimprov.go.id"
    assert schema.url("https://dinkop.jatimprov.go.id/") == "https://dinkop.jatimprov.go.id/"
    assert schema.url("http://umkm.example.go.id/") == "http://umkm.example.go.id/"  # only registration must be https
    for wrong in ("mailto:kantor", "mailto: info@dinkop.jatimprov.go.id", "info@dinkop.jatimprov.go.id"):
        with pytest.raises(schema.Invalid):
            schema.url(wrong)


def test_a_misspelt_field_is_an_error_only_while_the_field_it_resembles_is_missing(site: Path) -> None:
    """'titel' with no title is the cause of "title is missing": an error; beside a title it is
    a stray key: a warning."""
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\ntitel: Q\nsummary: S.\ncategory: pemasaran\n"
                                                         "---\n"})
    _found, problems = sources(site)
    assert any(p.startswith("content/courses/pemasaran.id.md:3: warning: titel: is not a known field")
               for p in problems), problems
    write_site(site, {"content/courses/pemasaran.id.md": "---\ntitel: Q\nsummary: S.\ncategory: pemasaran\n---\n"})
    _found, problems = sources(site)
    assert any(p.startswith("content/courses/pemasaran.id.md:2: titel: is not a known field")
               for p in problems), problems


def test_a_slug_names_what_is_wrong_with_it(site: Path) -> None:
    for written, said in (("foto\\\\produk", "must be one URL segment"), ("foto produk", "may hold only lowercase")):
        write_site(site, {"content/courses/pemasaran.id.md": "---\ntitle: P\nsummary: S.\ncategory: pemasaran\n"
                                                             f'slug: "{written}"\n---\n'})
        _found, problems = sources(site)
        assert any(p.startswith("content/courses/pemasaran.id.md:5: slug: ") and said in p for p in problems), problems

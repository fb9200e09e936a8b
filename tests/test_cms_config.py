"""The browser editor's configuration agrees with what the build accepts, field by field.

The configuration is made by a real build of a copy of the sample site (``/admin/config.yml``).
Each form field is then held against the converter the loaders validate that field with, by
behaviour, not by the description the generator read: the values a choice offers are the ones
the converter accepts, the least number allowed is the converter's, a pattern accepts exactly
the probe texts the converter accepts, and "required" is what ``schema.check`` reports missing.
A disagreement names the form field (``schedules.sessions.registration.url``) and what differs.
The whole file is also checked against the JSON schema that Sveltia CMS ships.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, run_cli

from katalog import schema as s
from katalog.content import course_spec, page_spec
from katalog.data import data_specs
from katalog.errors import Problems
from katalog.schedules import session_spec

CMS_SCHEMA = PROJECT / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
ADMIN = """
admin:
  backend: github
  repo: dinas-koperasi-jatim/katalog-pelatihan
  branch: main
"""
LANGUAGES = ("id", "en")
# Texts an editor might type, tried on every field whose form has a pattern.
PROBES = ["kemasan-2027", "Kemasan", "kemasan_01", "kemasan 01", "-kemasan", "kemasan--01", "a/b", "..", "kémasan",
          "2027", "https://example.org/daftar", "http://example.org/daftar", "https://localhost", "example.org",
          "https://ex ample.org", "mailto:info@example.org", "ftp://example.org", "https://x.org:8080/a?b=c#d",
          "https://.org", "https://a.", "www.example.org/daftar", "0812-3456-7890", "(0341) 551234",
          "+62 812-0000-0001", "12", "abc", "0812", "08123456789012345678",
          # numbers as staff type them: a poster's 150.000 is read as 150 by a browser's number box
          "150000", "0", "1", "-1", "07", "150.000", "1.500.000", "150,000", "Rp 150.000", "1.5", "1,5", "16.000",
          "2.5e3", " 150000", "1_000"]


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The configuration a real build writes for a copy of the sample site with an admin: block."""
    folder = tmp_path_factory.mktemp("cms")
    site = folder / "site"
    shutil.copytree(PROJECT / "content", site / "content")
    (site / "site_config.yaml").write_text((PROJECT / "site_config.yaml").read_text(encoding="utf-8") + ADMIN,
                                           encoding="utf-8")
    done = run_cli("build", "--site", str(site), "--output", str(folder / "out"), "--now", SAMPLE_NOW)
    assert done.code == 0, done.err
    text = (folder / "out" / "admin" / "config.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=https://unpkg.com/@sveltia/cms/schema/sveltia-cms.json\n")
    return yaml.safe_load(text)


def collection(form: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in form["collections"] if c["name"] == name)


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


def accepts(convert: Any, value: Any) -> bool:
    try:
        convert(value)
    except s.Invalid:
        return False
    return True


def reported_missing(spec: dict[str, s.Field]) -> set[str]:
    """The fields ``schema.check`` says are required when nothing is written: the build's own answer."""
    problems = Problems(PROJECT)
    s.check({}, spec, problems, "probe")
    return {problem.field for problem in problems.errors if problem.field}


def disagreements(form_fields: list[dict[str, Any]], spec: dict[str, s.Field], where: str,
                  required_too: frozenset[str] = frozenset()) -> Iterator[str]:
    """Every way the form fields of one file kind differ from the build's rules for it."""
    fields = by_name(form_fields)
    for name in sorted(set(spec) - set(fields)):
        yield f"{where}.{name}: the build reads this field; the form has none (saving would drop it)"
    for name in sorted(set(fields) - set(spec) - {"body"}):
        yield f"{where}.{name}: the form writes a field the build does not know"
    missing = reported_missing(spec) | required_too
    for name, field in spec.items():
        if name not in fields:
            continue
        shown, path = fields[name], f"{where}.{name}"
        if shown.get("widget") == "hidden":  # an older name, kept as written (cms_config.OLD_NAMES)
            continue
        if bool(shown.get("required")) != (name in missing):
            yield f"{path}: required is {shown.get('required')} in the form, {name in missing} in the build"
        yield from _widget_disagreements(shown, field, path)


def _widget_disagreements(shown: dict[str, Any], field: s.Field, path: str) -> Iterator[str]:
    convert, widget = field.convert, shown.get("widget", "string")
    if widget == "select" and field.refers is None:
        values = [option["value"] if isinstance(option, dict) else option for option in shown["options"]]
        for value in values:
            if not accepts(convert, value):
                yield f"{path}: the form offers {value!r}, the build refuses it"
        for value in (*values, "lainnya", "Offline", "true", 1, True, False):
            if accepts(convert, value) and value not in values:
                yield f"{path}: the build takes {value!r}, the form does not offer it"
    if widget == "number":
        least = shown.get("min")
        whole = shown.get("value_type") == "int"
        if whole and accepts(convert, 1.5):
            yield f"{path}: the form takes whole numbers only, the build also takes fractions"
        if not whole and not accepts(convert, 1.5):
            yield f"{path}: the form takes fractions, the build refuses them"
        if least is None and not accepts(convert, -1):
            yield f"{path}: the form has no least value, the build refuses -1"
        if least is not None and (not accepts(convert, least) or accepts(convert, least - 1)):
            yield f"{path}: the form's least value is {least}, the build's is another"
    if shown.get("widget") == "string" and accepts(convert, "150000") and not accepts(convert, "abc"):  # a number
        said = re.search(r"(-?\d+) (?:atau lebih|or more)", shown.get("hint", ""))
        least = next((n for n in range(-1, 3) if accepts(convert, str(n))), None)
        if said is None and least != -1:
            yield f"{path}: the hint names no least value, the build's is {least}"
        if said is not None and int(said.group(1)) != least:
            yield f"{path}: the hint says {said.group(1)} or more, the build's least value is {least}"
    if "pattern" in shown:
        pattern = re.compile(shown["pattern"][0])
        for text in PROBES:
            form_takes, build_takes = bool(pattern.search(text)), accepts(convert, text)
            # A phone number's pattern is only necessary: whether it can be dialled, only the build knows.
            sufficient = field.rule is None or field.rule.kind != "phone"
            if build_takes and not form_takes:
                yield f"{path}: the build takes {text!r}, the form refuses it"
            if form_takes and not build_takes and sufficient:
                yield f"{path}: the form takes {text!r}, the build refuses it"
    if widget == "datetime":
        typed = "2027-03-01 08:00" if shown.get("type") == "datetime-local" else "2027-03-01"
        if shown.get("format") not in ("YYYY-MM-DD HH:mm", "YYYY-MM-DD") or not accepts(convert, typed):
            yield f"{path}: the form saves dates as {shown.get('format')!r}, which the build does not read"
        if shown.get("type") == "date" and not accepts(convert, "2027-03-01"):
            yield f"{path}: the form saves a date alone, the build needs a time of day"
    if widget == "object" and field.rule is not None and field.rule.kind == "localized":
        languages = [sub["name"] for sub in shown["fields"]]
        if tuple(languages) != LANGUAGES:
            yield f"{path}: the form asks for {languages}, the site's languages are {LANGUAGES}"
    if widget in ("object", "list") and field.rule is not None and field.rule.fields is not None:
        yield from disagreements(shown["fields"], field.rule.fields, path)


def session_fields() -> dict[str, s.Field]:
    return session_spec(LANGUAGES, "Asia/Jakarta", Problems(PROJECT), "probe", "sid")


def test_the_configuration_is_valid_for_the_cms(form: dict[str, Any]) -> None:
    schema = json.loads(CMS_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(form), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors]


def test_the_course_form_agrees_with_the_build(form: dict[str, Any]) -> None:
    fields = collection(form, "courses")["fields"]
    # A course's category may be written in either file, but the course needs one (assemble.py).
    # The one field where the form asks more than the build: a new course is published or kept a
    # draft by the editor's choice (cms_config.py says why this is not a default).
    found = list(disagreements(fields, course_spec(), "courses", required_too=frozenset({"category", "draft"})))
    assert not found, "\n".join(found)
    shared = {"category", "level", "mode", "duration_hours", "certificate", "trainers", "image", "weight"}
    for field in fields:
        assert (field.get("i18n") == "duplicate") == (field["name"] in shared | {"draft"}), field


def test_the_course_bundle_form_is_the_course_form(form: dict[str, Any]) -> None:
    bundles = collection(form, "course_bundles")
    assert bundles["path"] == "{{slug}}/index" and bundles["media_folder"] == ""
    assert bundles["fields"] == collection(form, "courses")["fields"]


def test_the_page_form_agrees_with_the_build(form: dict[str, Any]) -> None:
    found = list(disagreements(collection(form, "pages")["fields"], page_spec(), "pages"))
    assert not found, "\n".join(found)


def test_the_session_form_agrees_with_the_build(form: dict[str, Any]) -> None:
    sessions = by_name(collection(form, "schedules")["fields"])["sessions"]
    found = list(disagreements(sessions["fields"], session_fields(), "schedules.sessions"))
    assert not found, "\n".join(found)


def test_the_data_forms_agree_with_the_build(form: dict[str, Any]) -> None:
    files = by_name(collection(form, "data")["files"])
    for kind, spec in data_specs(LANGUAGES).items():
        keys = yaml.safe_load((PROJECT / f"content/data/{kind}.yaml").read_text(encoding="utf-8"))
        entries = files[kind]["fields"]
        assert [entry["name"] for entry in entries] == list(keys), kind  # every entry, in the file's order
        for entry in entries:
            found = list(disagreements(entry["fields"], spec, f"data.{kind}.{entry['name']}"))
            assert not found, "\n".join(found)


def test_references_offer_the_keys_the_site_holds(form: dict[str, Any]) -> None:
    def values(field: dict[str, Any]) -> set[str]:
        return {option["value"] for option in field["options"]}

    courses = {path.name.split(".")[0] if path.parent.name == "courses" else path.parent.name
               for path in (PROJECT / "content/courses").rglob("*.md")}
    data = {kind: set(yaml.safe_load((PROJECT / f"content/data/{kind}.yaml").read_text(encoding="utf-8")))
            for kind in ("categories", "venues", "trainers")}
    session = by_name(by_name(collection(form, "schedules")["fields"])["sessions"]["fields"])
    course = by_name(collection(form, "courses")["fields"])
    assert values(session["course"]) == courses
    assert values(session["venue"]) == data["venues"]
    assert values(course["category"]) == data["categories"]
    assert values(course["trainers"]) == data["trainers"] and course["trainers"]["multiple"] is True


def test_a_new_course_is_published_only_by_choice_and_gets_a_typed_file_name(form: dict[str, Any]) -> None:
    courses = collection(form, "courses")
    draft = by_name(courses["fields"])["draft"]
    assert draft["required"] is True and "default" not in draft
    assert all("default" not in field for field in courses["fields"])  # a default would be written into old files
    assert courses["slug"]["editable"] == ["create"] and "template" not in courses["slug"]
    assert courses["i18n"] is True and form["i18n"]["structure"] == "multiple_files"
    assert form["i18n"]["locales"] == list(LANGUAGES) and form["i18n"]["default_locale"] == "id"


def test_a_disagreement_names_the_form_field() -> None:
    """The checker above is not a formality: a form that takes http:// for the registration
    address, or a fee without the build's least value, is named field by field."""
    spec = session_fields()
    registration = spec["registration"].rule
    assert registration is not None and registration.fields is not None
    loose = [{"name": "url", "widget": "string", "required": False, "pattern": ["^https?://\\S+\\.\\S+$", "…"]},
             {"name": "opens", "widget": "datetime", "type": "date", "format": "YYYY-MM-DD", "required": False},
             {"name": "closes", "widget": "datetime", "type": "date", "format": "YYYY-MM-DD", "required": False}]
    found = list(disagreements(loose, registration.fields, "schedules.sessions.registration"))
    assert "schedules.sessions.registration.url: the form takes 'http://example.org/daftar', the build refuses " \
           "it" in found, found
    fee = [{"name": "fee", "widget": "number", "value_type": "int", "required": True}]
    assert list(disagreements(fee, {"fee": spec["fee"]}, "schedules.sessions")) == [
        "schedules.sessions.fee: the form has no least value, the build refuses -1"]

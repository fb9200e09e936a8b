"""Reading editors' files: encodings, line endings, YAML errors with lines, limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from katalog import yamlio
from katalog.errors import ContentError
from katalog.yamlio import MAX_FILE_BYTES, FolderGuard, parse_yaml, read_text, split_front_matter


def problem_of(call) -> str:
    with pytest.raises(ContentError) as caught:
        call()
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


def test_mappings_remember_the_line_of_each_key() -> None:
    data = parse_yaml("title: A\nnested:\n  inner: 1\nlist:\n  - x: 1\n", "f.yaml")
    assert data.line_of("title") == 1 and data.line_of("list") == 4
    assert data["nested"].line_of("inner") == 3
    assert data["list"][0].line == 5


def test_dates_stay_text_so_the_schema_can_explain_them() -> None:
    assert parse_yaml("d: 2026-02-30\n", "f.yaml") == {"d": "2026-02-30"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\n\tb: 2\n", 2, "tab character"),
    ("title: Rapat: tahunan\n", 1, "colon in a value"),
    ("a: 1\na: 2\n", 2, "appears twice"),
    ("a: [1, 2\n", 1, "'[' opened on this line is never closed"),
    ("title: Kursus: Dasar\nfee: 1\n", 1, "colon in a value"),
    ("sessions:\n  - id: a\n    course: b\n      quota: 3\n", 4, "indented further than the field above"),
    ("sessions:\n  - id: a\n    course: b\n   quota: 3\n", 4, "not lined up"),
    ("title Kursus\nfee: 1\n", 1, "missing its colon"),
    ("sessions:\n  -id: a\n  - id: b\n", 2, "space after its '-'"),
    ("title: \"Kursus\nfee: 1\nquota: 2\n", 1, "quote opened on this line is never closed"),
])
def test_yaml_mistakes_are_named_with_their_line(text: str, line: int, words: str) -> None:
    message = problem_of(lambda: parse_yaml(text, "content/x.yaml"))
    assert message.startswith(f"content/x.yaml:{line}:")
    assert words in message


def test_alias_bomb_fails_fast() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    message = problem_of(lambda: parse_yaml("\n".join(lines) + "\n", "bomb.yaml"))
    assert "aliases" in message


def test_front_matter_lines_count_from_the_top_of_the_file() -> None:
    document = split_front_matter("---\ntitle: A\nsummary: B\n---\n\nBody\n", "c.md")
    assert document.meta.line_of("summary") == 3
    assert document.body == "Body\n" and document.body_line == 6
    message = problem_of(lambda: split_front_matter("---\ntitle: A\n  bad: [\n---\nx", "c.md"))
    assert message.startswith("c.md:")


@pytest.mark.parametrize("text", ["no front matter\n", "---\ntitle: never closed\n"])
def test_missing_or_unclosed_front_matter(text: str) -> None:
    assert "front matter" in problem_of(lambda: split_front_matter(text, "c.md"))


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\r\ntitle: Koperasi\r\n---\r\nIsi\r\n".encode())
    text = read_text(path, tmp_path, "a.md")
    assert text == "---\ntitle: Koperasi\n---\nIsi\n"


def test_non_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\ntitle: Caf\xe9\n---\n")
    message = problem_of(lambda: read_text(path, tmp_path, "a.md"))
    assert message.startswith("a.md:2: ") and "UTF-8" in message


def test_enormous_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * (MAX_FILE_BYTES // 5 + 10))
    assert "too large" in problem_of(lambda: read_text(path, tmp_path, "big.yaml"))


def test_symlink_outside_the_site_is_refused(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "secret.txt"
    site.mkdir()
    outside.write_text("secret")
    os.symlink(outside, site / "link.md")
    assert "outside the site folder" in problem_of(lambda: read_text(site / "link.md", site, "link.md"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text("secret")
    os.symlink(elsewhere, site / "linked-folder")
    assert "outside the site folder" in problem_of(
        lambda: read_text(site / "linked-folder" / "a.md", site, "linked-folder/a.md"))
    inside = site / "real.md"
    inside.write_text("ok")
    os.symlink(inside, site / "alias.md")
    assert read_text(site / "alias.md", site, "alias.md") == "ok"
    # A folder beside the site whose name merely begins with the site's is outside it too.
    beside = tmp_path / "site-private"
    beside.mkdir()
    (beside / "key.md").write_text("secret")
    os.symlink(beside / "key.md", site / "key.md")
    assert "outside the site folder" in problem_of(lambda: read_text(site / "key.md", site, "key.md"))


def test_a_path_climbing_out_of_the_site_is_outside_it(tmp_path: Path) -> None:
    """yamlio.FolderGuard resolves a file's folder once for many files; a path ending in "..",
    "." or a slash is resolved whole, so that climbing out is seen."""
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "content/a.md").write_text("a")
    guard = FolderGuard(site)
    assert guard.holds(site / "content/a.md") and guard.holds(site / "content") and guard.holds(str(site) + "/")
    assert guard.holds(os.path.join(site, "content", "."))
    assert not guard.holds(os.path.join(site, "content", "..", ".."))
    assert not guard.holds(os.path.join(site, ".."))
    assert not guard.holds(tmp_path / "site-private/a.md")


def test_every_line_indented_with_a_tab_is_named_in_one_run() -> None:
    text = "sessions:\n\t- id: a\n  - id: b\n    course: x\n \t  fee: 1\n    note: \"a\tb\"\n"
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "content/schedules/2027.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "content/schedules/2027.yaml:2:1: uses a tab character; indent with spaces only",
        "content/schedules/2027.yaml:5:2: uses a tab character; indent with spaces only",
    ]  # a tab inside a quoted value is text, not indentation


def test_a_file_of_exactly_the_size_limit_is_read_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edge.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES - 1) + b"\n")
    assert len(read_text(path, tmp_path, "edge.yaml")) == MAX_FILE_BYTES
    path.write_bytes(b"#" * MAX_FILE_BYTES + b"\n")
    assert "too large" in problem_of(lambda: read_text(path, tmp_path, "edge.yaml"))


def test_every_line_ending_becomes_a_newline(tmp_path: Path) -> None:
    """Windows (CR LF) and old Mac (CR alone) line endings read as plain newlines."""
    path = tmp_path / "endings.yaml"
    path.write_bytes(b"a: 1\r\nb: 2\rc: 3\n")
    assert read_text(path, tmp_path, "endings.yaml") == "a: 1\nb: 2\nc: 3\n"


def test_a_document_of_exactly_the_node_limit_is_read_one_node_more_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The alias-bomb limit counts nodes, aliases expanded: a list and its items are one node each."""
    monkeypatch.setattr(yamlio, "MAX_YAML_NODES", 10)
    items = "&a 1, " + ", ".join(["*a"] * 8)  # the list and 9 items, 8 of them aliases: 10 nodes
    assert parse_yaml(f"[{items}]\n", "f.yaml") == [1] * 9
    assert "f.yaml:1: is too large once its YAML aliases (*) are expanded" in problem_of(
        lambda: parse_yaml(f"[{items}, *a]\n", "f.yaml"))

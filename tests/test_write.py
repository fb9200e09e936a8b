"""Atomic output: a build killed half-way leaves the previous site complete and untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath
from types import FrameType

import pytest
from sitefactory import PROJECT, build_site, replaced, snapshot, write_site

from benchmarks.corpus import generate
from katalog import write
from katalog.errors import ContentError
from katalog.write import MARKER, prepare_temporary, publish


def test_publish_swaps_whole_folders(tmp_path: Path) -> None:
    out = tmp_path / "public"
    first = prepare_temporary(out)
    (first / "old.html").write_text("old")
    publish(first, out, dispose_in_background=False)
    second = prepare_temporary(out)
    (second / "new.html").write_text("new")
    publish(second, out, dispose_in_background=False)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_without_renameat2_the_new_site_is_still_the_one_published(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A C library without renameat2 (macOS, an old glibc) cannot be had here, so ctypes is told
    to find none: the swap falls back to two renames, and the new site, not the old, is published."""
    def no_c_library(*_args: object, **_kwargs: object) -> None:
        raise OSError("no renameat2 here")

    monkeypatch.setattr(write.ctypes, "CDLL", no_c_library)
    out = tmp_path / "public"
    first = prepare_temporary(out)
    (first / "old.html").write_text("old")
    publish(first, out, dispose_in_background=False)
    second = prepare_temporary(out)
    (second / "new.html").write_text("new")
    publish(second, out, dispose_in_background=False)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.html"]
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_an_output_whose_marker_holds_no_build_token_is_rebuilt(site: Path, tmp_path: Path) -> None:
    """The marker of a folder published without a token (a bare publish, an older version, an
    edit by hand) proves only that this tool wrote the folder: the next build, though nothing
    changed, makes the site again instead of trusting it, and does not fail over it."""
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    marker = out / MARKER
    marker.write_text(marker.read_text().splitlines()[0] + "\n")
    again = build_site(site, out)
    assert again.code == 0, again.err
    assert len(marker.read_text().splitlines()) == 2
    assert build_site(site, tmp_path / "clean", "--no-cache").code == 0
    assert snapshot(out) == snapshot(tmp_path / "clean")


def test_the_address_holds_a_whole_site_at_every_step_of_the_swap(tmp_path: Path) -> None:
    """Observed line by line with a trace function while publishing (nothing is mocked): at
    every step the output folder holds a whole site, the old one or the new one, never none."""
    out = tmp_path / "public"
    first = prepare_temporary(out)
    (first / "index.html").write_text("old")
    publish(first, out, dispose_in_background=False)
    second = prepare_temporary(out)
    (second / "index.html").write_text("new")

    seen: list[str | None] = []

    def observe(frame: FrameType, event: str, _arg: object) -> object:
        if frame.f_code.co_filename != write.__file__:
            return None
        if event == "line":
            page = out / "index.html"
            seen.append(page.read_text() if page.exists() and (out / MARKER).exists() else None)
        return observe

    sys.settrace(observe)
    try:
        publish(second, out, dispose_in_background=False)
    finally:
        sys.settrace(None)
    assert len(seen) > 3
    assert None not in seen, seen
    assert seen[0] == "old" and seen[-1] == "new" and (out / "index.html").read_text() == "new"


def test_stale_temporary_folders_of_dead_builds_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    stale = tmp_path / ".public.tmp-999999999"  # no such process
    stale.mkdir()
    temporary = prepare_temporary(out)
    assert not stale.exists() and temporary.exists()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("large") / "site", courses=200, sessions_per_course=2)


def test_sigkill_in_the_middle_of_writing_leaves_the_previous_site_intact(large_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(large_site, out, now="2026-06-01T09:00:00+07:00").code == 0
    before = snapshot(out)

    # A second build (another moment, so every page would change) is killed while it writes.
    child = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "build", "--site", str(large_site),
                              "--output", str(out), "--now", "2026-12-01T09:00:00+07:00"], cwd=PROJECT)
    temporary = tmp_path / f".public.tmp-{child.pid}"
    deadline = time.monotonic() + 120
    while not (temporary.is_dir() and any(temporary.rglob("*.html"))):
        assert child.poll() is None, "the build finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    assert snapshot(out) == before
    # The next build clears the killed build's leftovers and publishes normally.
    assert build_site(large_site, out, now="2026-12-01T09:00:00+07:00").code == 0
    assert snapshot(out) != before
    # The previous site (a large one) is removed after the swap by a background `rm`.
    deadline = time.monotonic() + 60
    while [p.name for p in tmp_path.iterdir()] != ["public"] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [p.name for p in tmp_path.iterdir()] == ["public"]


def test_the_build_token_names_the_sites_content(site: Path, tmp_path: Path) -> None:
    """The token in the marker (what the next build checks before trusting the folder) is made
    from the files' content: a clean build of the same site has the same one, byte for byte, and
    a site with one word changed has another."""
    def token(out: Path) -> str:
        return (out / MARKER).read_text().splitlines()[1]

    assert build_site(site, tmp_path / "a").code == 0
    assert build_site(site, tmp_path / "b", "--no-cache").code == 0
    assert token(tmp_path / "a") == token(tmp_path / "b")
    write_site(site, replaced("content/courses/koperasi.id.md", "title: Manajemen Koperasi", "title: Koperasi"))
    assert build_site(site, tmp_path / "c").code == 0
    assert token(tmp_path / "c") != token(tmp_path / "a")


def test_an_output_folder_whose_parents_do_not_exist_yet_is_made(site: Path, tmp_path: Path) -> None:
    """--output may name a folder several levels below any that exists (a fresh CI workspace)."""
    out = tmp_path / "not" / "yet" / "public"
    result = build_site(site, out)
    assert result.code == 0, result.err
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("relative", ["../outside.html", "/etc/outside.html", "en/../../outside.html"])
def test_the_writer_refuses_a_path_outside_the_output_folder(relative: str, tmp_path: Path) -> None:
    """No address can name a file outside the output (the planner makes none); the writer refuses
    one all the same, saying so, and writes nothing."""
    writer = write.OutputWriter(tmp_path / "public", None)
    with pytest.raises(ContentError) as refused:
        writer.write(PurePosixPath(relative), b"x", "key")
    assert "lies outside the output folder" in refused.value.problems[0].render(None)
    assert not (tmp_path / "outside.html").exists()
    writer.discard()


@pytest.mark.parametrize(("before", "after"), [("a", "a/b.html"), ("a/b.html", "a"), ("x/a", "x/a/b/c.html")])
def test_a_carried_file_or_folder_in_the_way_goes_first(before: str, after: str, tmp_path: Path) -> None:
    """The previous build's files are carried into the new folder before this build writes
    (carry_over.py): a file where this build needs a folder, or a folder where it writes a file,
    is taken away first, at any depth, and the new site holds only what this build wrote."""
    out = tmp_path / "public"
    first = write.OutputWriter(out, None)
    first.write(PurePosixPath(before), b"old", "k1")
    first.publish(dispose_in_background=False)
    second = write.OutputWriter(out, first.manifest)
    second.write(PurePosixPath(after), b"new", "k2")
    second.publish(dispose_in_background=False)
    assert {path.relative_to(out).as_posix(): path.read_bytes() for path in out.rglob("*")
            if path.is_file() and path.name != MARKER} == {after: b"new"}

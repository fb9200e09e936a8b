"""The build cache (katalog/cache.py) can make a build faster, never different: a result is
found only under the key of what made it, the tool's version included, and a cache file is used
only when its body is the one its checksum was written for."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitefactory import NOW, PROJECT, build_site, replaced, snapshot, write_site

from katalog import cache
from katalog.cache import CACHE_DIR, FileStore, Store, digest

CACHE = ".katalog-cache"


def cache_file(site: Path, name: str) -> tuple[bytes, bytes, bytes]:
    """A cache file's header (format and tool version, a line each), its checksum and its body."""
    data = (site / CACHE / f"{name}.pickle").read_bytes()
    first, second, rest = data.split(b"\n", 2)
    return first + b"\n" + second + b"\n", rest[:32], rest[32:]


def keys(site: Path) -> dict[str, set[str]]:
    """Every key of every cache file (the entries' keys, the share images' file names), read
    with pickle itself. The "inputs" file is keyed by path, not by digest, and left out."""
    found = {}
    for path in sorted((site / CACHE).glob("*.pickle")):
        if path.stem != "inputs":
            found[path.stem] = set(pickle.loads(cache_file(site, path.stem)[2]))
    found["cards"] = {p.name for p in (site / CACHE / "cards").iterdir() if not p.name.startswith(".")}
    return found


def upgraded_tool(folder: Path) -> Path:
    """A copy of the tool whose code differs by one line, as after an upgrade: the share images'
    drawing code is the kind of change that must not leave old images in use."""
    shutil.copytree(PROJECT / "katalog", folder / "katalog", ignore=shutil.ignore_patterns("__pycache__"))
    cards = folder / "katalog/outputs/cards.py"
    cards.write_text(cards.read_text() + "\n# drawn differently since this version\n")
    shutil.copy(PROJECT / "build.py", folder)
    for name in ("templates", "static"):
        shutil.copytree(PROJECT / name, folder / name)
    return folder / "build.py"


def test_another_version_of_the_tool_finds_none_of_the_old_results(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    before = keys(site)
    assert {"sources", "schedules", "markdown", "pages", "events", "outputs", "cards"} <= set(before)
    tool = upgraded_tool(tmp_path / "upgraded")
    done = subprocess.run([sys.executable, str(tool), "build", "--site", str(site), "--output", str(out), "--now",
                           NOW], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    after = keys(site)
    assert set(after) == set(before)
    assert all(before[name] and after[name] for name in before)
    found_again = [name for name in before if before[name] & after[name]]
    assert found_again == [], "results of the old version found by the new one"


def test_a_cache_file_whose_body_does_not_match_its_checksum_is_not_used(site: Path, tmp_path: Path) -> None:
    """Another valid pickle put under the old checksum (a copy from elsewhere, a tool gone wrong):
    the file is ignored as a whole, and the site is the one a clean build makes."""
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    header, checksum, body = cache_file(site, "sources")
    entries = pickle.loads(body)
    changed = 0
    for source, _said in entries.values():
        if source is not None and "title" in source.meta:
            source.meta["title"] = "Dipalsukan"
            changed += 1
    assert changed
    (site / CACHE / "sources.pickle").write_bytes(header + checksum + pickle.dumps(entries, protocol=5))
    # Another file changes, so that the build has work to do and reads the cache.
    write_site(site, {"content/pages/tentang.id.md": "---\ntitle: Tentang Kami\n---\n\nKami kantor uji baru.\n"})
    assert build_site(site, out).code == 0
    assert build_site(site, tmp_path / "clean", "--no-cache").code == 0
    built = snapshot(out)
    assert not [path for path, data in built.items() if b"Dipalsukan" in data]
    assert built == snapshot(tmp_path / "clean")


def test_share_images_are_read_from_the_cache_when_the_output_is_gone(site: Path, tmp_path: Path) -> None:
    """With the previous output deleted (a fresh CI checkout keeps only the cache), each share image
    is read from its cache file and checked, not drawn again: every cache file stays the very file
    it was (same inode, not rewritten), and the published images are its bytes."""
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    cards = site / CACHE / "cards"

    def files() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in cards.iterdir() if not p.name.startswith(".")}

    before = files()
    shutil.rmtree(out)
    assert build_site(site, out).code == 0
    assert files() == before
    images = sorted(p.read_bytes() for p in out.rglob("share.jpg"))
    assert images == sorted((cards / name).read_bytes()[32:] for name in before)



def test_share_images_not_named_by_an_unfinished_run_are_kept(tmp_path: Path) -> None:
    """The share images' store removes the images a run did not name only when that run named
    every image the site wants (``complete``, set once the share images are all written): a run
    stopped before then (a mistake, an interrupted preview) must not empty the cache."""
    first = FileStore(tmp_path / "cards")
    first.put("a", b"image a")
    first.put("b", b"image b")
    first.complete = True
    first.save()
    unfinished = FileStore(tmp_path / "cards")
    assert unfinished.get("a") == b"image a"
    unfinished.save()  # "b" not named: not yet known to be unwanted
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == ["a", "b"]
    unfinished.complete = True
    unfinished.save()
    assert sorted(p.name for p in (tmp_path / "cards").iterdir()) == ["a"]


def test_an_image_removed_meanwhile_by_another_run_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs on one site (a build while the preview runs) may both remove an unwanted image;
    the one that finds it gone already goes on. The race is staged: the folder's listing names
    an image that another run has just removed."""
    store = FileStore(tmp_path / "cards")
    store.put("kept", b"image")
    store.complete = True
    listed = [tmp_path / "cards" / "kept", tmp_path / "cards" / "removed-meanwhile"]
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(listed))
    store.save()
    assert (tmp_path / "cards" / "kept").read_bytes()[32:] == b"image"


def test_equal_values_have_equal_digests_whatever_is_shared_in_memory() -> None:
    """A value read back from the cache shares no objects with the same value made afresh; their
    digests must still be equal (no pickle memo), and the parts must stay apart."""
    shared = "koperasi " * 3
    assert digest([shared, shared]) == digest([shared, "".join(["koperasi "] * 3)])
    assert digest("ab", "c") != digest("a", "bc")


def test_a_value_read_from_the_cache_is_the_same_when_asked_for_again_and_is_kept(tmp_path: Path) -> None:
    """A value read in a build is used by it: the same when asked for again, and kept when the
    store is saved (only the entries a build used are kept)."""
    first = Store(tmp_path / "sources.pickle")
    first.put("key", {"title": "Manajemen Koperasi"})
    first.put("gone", {"title": "Dihapus"})
    first.save()
    second = Store(tmp_path / "sources.pickle")
    assert second.get("key") == {"title": "Manajemen Koperasi"}
    assert second.get("key") == {"title": "Manajemen Koperasi"}
    second.put("other", {"title": "Baru"})  # something changed: the store is written again
    second.save()
    third = Store(tmp_path / "sources.pickle")
    assert third.get("key") == {"title": "Manajemen Koperasi"}
    assert third.get("gone") is None  # not used by the second build: not kept


def test_what_a_cache_file_holds_is_out_of_the_collectors_sight(tmp_path: Path) -> None:
    """A cache file's entries live as long as the build that read them (the kept site model:
    some two million objects at 2,500 courses): read with the collector paused and then frozen
    (gc.freeze), so that no collection walks them; the collector is as it was before."""
    import gc

    written = Store(tmp_path / "model.pickle")
    written.put("model", {"courses": [["Manajemen Koperasi", index] for index in range(100)]})
    written.save()
    del written
    for collecting in (True, False):
        gc.enable() if collecting else gc.disable()
        try:
            model = Store(tmp_path / "model.pickle").get("model")
            assert model is not None and model["courses"][99] == ["Manajemen Koperasi", 99]
            tracked = {id(found) for found in gc.get_objects()}
            assert id(model) not in tracked and id(model["courses"][0]) not in tracked
            assert gc.isenabled() is collecting
        finally:
            gc.enable()
            gc.unfreeze()


def test_the_libraries_shaping_the_outputs_are_every_dependency_but_those_making_none() -> None:
    """Every dependency of the tool is either in the cache's version (a library whose upgrade can
    change an output) or said to make no output: a dependency added is classed, not forgotten."""
    import re
    import tomllib

    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[\[<>=!~ ;]", name, maxsplit=1)[0].lower() for name in declared}
    assert set(cache.SHAPING_OUTPUTS) | set(cache.MAKING_NO_OUTPUT) == names
    assert not set(cache.SHAPING_OUTPUTS) & set(cache.MAKING_NO_OUTPUT)


def test_another_version_of_a_library_shaping_the_outputs_is_another_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written with another Jinja2 (or Pillow, icalendar …) is not used: its results
    may differ from what this one makes."""
    before = cache._tool_version()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda name: "0.0.1" if name == "jinja2" else real(name))
    assert cache._tool_version() != before
    assert cache._tool_version(cache.MAKING_NO_OUTPUT) == cache._tool_version(cache.MAKING_NO_OUTPUT)


def test_a_store_a_build_put_nothing_into_is_left_as_it_is(tmp_path: Path) -> None:
    """A build that made nothing new of a kind (an edit that carries every calendar over unmade
    never asks for an event) leaves that store's file as it is: the entries it did not need are
    there for the next build that does (the events of an agenda made again), instead of being
    dropped and made again."""
    first = Store(tmp_path / "events.pickle")
    first.put("event-a", b"BEGIN:VEVENT a")
    first.put("event-b", b"BEGIN:VEVENT b")
    first.save()
    before = (tmp_path / "events.pickle").read_bytes()
    untouched, read_only = Store(tmp_path / "events.pickle"), Store(tmp_path / "events.pickle")
    untouched.save()
    assert read_only.get("event-a") == b"BEGIN:VEVENT a"
    read_only.save()
    assert (tmp_path / "events.pickle").read_bytes() == before
    assert Store(tmp_path / "events.pickle").get("event-b") == b"BEGIN:VEVENT b"


def test_an_edit_that_makes_no_calendar_keeps_every_cached_event(tmp_path: Path) -> None:
    """A course's text edited makes no calendar again (their keys do not read the body): the
    events cached by the build before stay cached, so that the next edit making the agenda again
    does not serialise every event of the site again."""
    site = write_site(tmp_path / "site")
    out = tmp_path / "public"
    assert build_site(site, out).code == 0
    events = site / CACHE_DIR / "events.pickle"
    before = events.read_bytes()
    assert len(before) > 1000
    write_site(site, replaced("content/courses/koperasi.id.md", "Isi pelatihan.", "Isi pelatihan yang baru."))
    assert build_site(site, out).code == 0
    assert events.read_bytes() == before


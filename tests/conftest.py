"""Shared fixtures: real builds of real files in temporary folders."""

from __future__ import annotations

import gc
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PROJECT = Path(__file__).resolve().parent.parent
# The moment the sample site's statuses are computed for in tests: every status occurs then.
SAMPLE_NOW = "2026-12-01T09:00:00+07:00"


# Under `make mutants` each mutant stops at the first failing test, so the quickest run first: by
# the time mutmut recorded for each test (mutmut-stats.json, in the folder the tests run in), else
# in this order of files: unit tests, single builds, then the differential and writing tests.
MUTATION_ORDER = ("test_sessions", "test_schedules", "test_yamlio", "test_content", "test_markup", "test_config",
                  "test_published_facts", "test_bad_input", "test_cache", "test_pages", "test_plan", "test_ical",
                  "test_build", "test_incremental", "test_write")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("KATALOG_TEST_CLI") == "in-process":
        stats = Path("mutmut-stats.json")
        seconds: dict[str, float] = json.loads(stats.read_text())["duration_by_test"] if stats.is_file() else {}

        def rank(item: pytest.Item) -> tuple[float, int]:
            module = item.path.stem
            return (seconds.get(item.nodeid, math.inf if seconds else 0.0),
                    MUTATION_ORDER.index(module) if module in MUTATION_ORDER else len(MUTATION_ORDER))
        items.sort(key=rank)  # stable: the order within a module is kept


@pytest.fixture(autouse=True)
def _collector_thawed() -> Iterator[None]:
    """An in-process preview freezes what each rebuild made (serve.Preview.rebuild); in a test
    process that would keep the garbage of every test before out of the collector's reach."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def built_sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample catalogue, built once per test run through the real CLI, strictly:
    the sample content must not produce a single warning."""
    out = tmp_path_factory.mktemp("sample") / "public"
    done = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "build", "--strict", "--output", str(out), "--now", SAMPLE_NOW],
        capture_output=True, text=True, cwd=PROJECT,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return out


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small valid bilingual site in a temporary folder (see tests/sitefactory.py)."""
    from sitefactory import write_site

    return write_site(tmp_path / "site")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's) per test module."""
    from playwright.sync_api import sync_playwright
    from quality_tools import launch_chromium

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()

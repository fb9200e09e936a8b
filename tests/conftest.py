"""Shared fixtures: real builds of real files in temporary folders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# The moment the sample site's statuses are computed for in tests: every status occurs then.
SAMPLE_NOW = "2026-12-01T09:00:00+07:00"


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

"""`serve`: a real preview server on loopback that rebuilds on save, shows build errors in the
browser's page and recovers when they are fixed."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sitefactory import PROJECT, write_site

COURSE = "content/courses/koperasi.id.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def server(site: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "serve", "--site", str(site),
                                "--port", str(port)], cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "<html" in fetch(url)), (tmp_path / "serve.log").read_text()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_serve_rebuilds_on_save_shows_errors_and_recovers(server: str, site: Path) -> None:
    page = server + "pelatihan/koperasi/"
    first = fetch(page)
    assert "<h1>Manajemen Koperasi</h1>" in first
    assert 'href="/pelatihan/pemasaran/"' in first and "livereload" in first  # served with live reload
    assert '<link rel="canonical" href="' + server + 'pelatihan/koperasi/">' in first

    text = (site / COURSE).read_text()
    (site / COURSE).write_text(text.replace("title: Manajemen Koperasi", "title: Koperasi Modern"))
    assert wait_for(lambda: "<h1>Koperasi Modern</h1>" in fetch(page))

    (site / COURSE).write_text(text.replace("category: koperasi", "category: koprasi"))
    assert wait_for(lambda: "The site could not be built" in fetch(page))
    assert "category: &#x27;koprasi&#x27; is not in content/data/categories.yaml" in fetch(page)

    write_site(site)  # the editor fixes the mistake
    assert wait_for(lambda: "<h1>Manajemen Koperasi</h1>" in fetch(page))

"""A `serve` process for tests: started through the real command line, its address read from
what it prints, stopped with a signal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitefactory import NOW, PROJECT


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@dataclass
class Preview:
    process: subprocess.Popen[str]
    url: str
    scratch: Path  # the preview's TMPDIR: anything it leaves behind shows here
    said: str  # what it printed before the address

    def output(self) -> str:
        return self.said + (self.process.stdout.read() if self.process.stdout else "")


def start(site: Path, tmp_path: Path, *extra: str, now: str | None = NOW) -> Preview:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    moment = ["--now", now] if now else []
    process = subprocess.Popen(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--site", str(site), "--port", "0", *moment, *extra],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "TMPDIR": str(scratch)})
    assert process.stdout is not None
    lines = []
    for line in process.stdout:  # the address is printed once the first build is done
        lines.append(line)
        found = re.search(r"(http://127\.0\.0\.1:\d+/)", line)
        if found:
            return Preview(process, found.group(1), scratch, "".join(lines))
    raise AssertionError("".join(lines))


def stop(preview: Preview, signum: int = signal.SIGTERM) -> str:
    preview.process.send_signal(signum)
    out = preview.output()
    assert preview.process.wait(timeout=15) == 0, out
    return out


@contextmanager
def serving(site: Path, tmp_path: Path, *extra: str, now: str | None = NOW) -> Iterator[Preview]:
    """A preview for the length of a test, killed at its end if the test did not stop it."""
    preview = start(site, tmp_path, *extra, now=now)
    try:
        yield preview
    finally:
        if preview.process.poll() is None:
            preview.process.kill()
            preview.process.wait()

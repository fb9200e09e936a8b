"""Carrying the previous build's files into a new output folder, in a process of its own.

An edit of a large site makes a few files and carries tens of thousands over as hard links;
making their folders and links is work for the kernel (about a second at 2,500 courses) that
needs nothing from the build but the previous manifest. So a child process does it while the
build reads, assembles and renders on the other core, and says which files it could not carry
(changed since that build by something else, or gone). The build then only replaces the files
it makes again and removes the ones it no longer has (``write.OutputWriter``).

The child imports nothing of the package: it starts in a few hundredths of a second. It reads
from its standard input the output folder, the new folder and, for each file, its size,
modification time, inode and path (all NUL-terminated), and writes the paths it left out.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO


def request(output: str, temporary: str, files: Iterable[tuple[str, int, int, int]]) -> bytes:
    """What to carry: ``files`` (path relative to the output, size, mtime_ns, inode) of ``output``
    into ``temporary``."""
    fields = [output, temporary]
    for name, size, mtime_ns, inode in files:
        fields += (str(size), str(mtime_ns), str(inode), name)
    return "\0".join(fields).encode("utf-8", "surrogateescape") + b"\0"


@dataclass
class Carrying:
    """A child carrying files over; ``left_out`` waits for it."""

    asked: bytes
    process: subprocess.Popen[bytes] | None  # None: it could not be started
    answer: IO[bytes] | None

    @classmethod
    def start(cls, asked: bytes) -> Carrying:
        """Start the child; if it cannot start (no temporary file, no process to be had), the
        build carries the files itself (``left_out`` says so)."""
        answer: IO[bytes] | None = None
        try:
            # Files, not pipes, both ways: the list is larger than a pipe holds, and the build
            # reads the answer only when it needs it; a pipe would stall one side meanwhile.
            answer = tempfile.TemporaryFile()  # noqa: SIM115  # open until left_out() or stop()
            with tempfile.TemporaryFile() as given:
                given.write(asked)
                given.seek(0)
                process = subprocess.Popen([sys.executable, "-I", "-S", __file__], stdin=given, stdout=answer,
                                           stderr=subprocess.DEVNULL)
        except OSError:
            if answer is not None:
                answer.close()
            return cls(asked, None, None)
        return cls(asked, process, answer)

    def left_out(self) -> set[str] | None:
        """Wait for the child; the paths it did not carry over, or None when it failed or never
        started (then what it carried is unknown: the folder must be emptied and ``carry_here``
        used)."""
        if self.process is None or self.answer is None:
            return None
        with self.answer:
            if self.process.wait() != 0:
                return None
            self.answer.seek(0)
            return _names(self.answer.read().split(b"\0"))

    def carry_here(self) -> set[str]:
        """Carry the files over in this process; the paths left out."""
        return _names(carry(self.asked))

    def stop(self) -> None:
        """Stop the child if it still runs (the build failed: its folder is about to go)."""
        if self.process is None or self.answer is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.answer.close()


def _names(paths: list[bytes]) -> set[str]:
    return {name.decode("utf-8", "surrogateescape") for name in paths if name}


def carry(request: bytes) -> list[bytes]:
    """Link each listed file of the output into the new folder if it is still as listed; the
    paths left out."""
    fields = request.split(b"\0")[:-1]
    output, temporary, entries = fields[0], fields[1], fields[2:]
    made: set[bytes] = set()
    left: list[bytes] = []
    # A build killed meanwhile leaves its child to finish (a second at most) into a folder nothing
    # publishes; the next build removes the folders of builds whose process is gone.
    for at in range(0, len(entries), 4):
        size, mtime_ns, inode, name = entries[at:at + 4]
        source = os.path.join(output, name)
        try:
            stat = os.stat(source)
            if (stat.st_size, stat.st_mtime_ns, stat.st_ino) != (int(size), int(mtime_ns), int(inode)):
                left.append(name)  # changed by something else since: not trusted
                continue
            folder = os.path.dirname(name)
            if folder not in made:
                os.makedirs(os.path.join(temporary, folder), exist_ok=True)
                made.add(folder)
            os.link(source, os.path.join(temporary, name))
        except OSError:
            left.append(name)
    return left


if __name__ == "__main__":
    sys.stdout.buffer.write(b"".join(name + b"\0" for name in carry(sys.stdin.buffer.read())))

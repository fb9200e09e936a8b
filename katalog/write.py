"""Writing the site atomically: build into a temporary folder beside the output, then swap.

The previous site stays complete until the new one is whole: a failed build, or one killed
with SIGKILL half-way, leaves only a stray temporary folder that the next build removes.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path, PurePosixPath

from .messages import Message, msg

MARKER = ".katalog-build"  # proves a folder was written by this tool, so it may be replaced


class OutputError(Exception):
    """The output folder cannot be used; the message says why in plain words."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


def prepare_temporary(output: Path) -> Path:
    output = output.resolve()
    if output.exists() and not output.is_dir():
        raise OutputError(msg("the output {output} is a file, not a folder", output=output))
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).exists():
        raise OutputError(msg("the output folder {output} already holds files that this tool did not write; "
                              "choose another --output or empty it", output=output))
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(output)
    temporary = output.parent / f".{output.name}.tmp-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    temporary.mkdir()
    return temporary


def write_file(root: Path, relative: PurePosixPath, data: bytes) -> None:
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def copy_file(root: Path, relative: PurePosixPath, source: Path) -> None:
    target = _inside(root, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _inside(root: Path, relative: PurePosixPath) -> Path:
    target = (root / relative).resolve()
    if root.resolve() not in target.parents:
        raise OutputError(msg("refusing to write {path}: it lies outside the output folder", path=relative))
    return target


def publish(temporary: Path, output: Path) -> None:
    """Swap the finished temporary folder in place of the output folder."""
    (temporary / MARKER).write_text("Written by Katalog Pelatihan; replaced whole on every build.\n")
    os.sync()  # the new files reach the disk before the swap: a power cut cannot publish empty files
    output = output.resolve()
    if output.exists() and _exchange(temporary, output):
        shutil.rmtree(temporary)  # now holds the previous site
        return
    if output.exists():
        old = output.parent / f".{output.name}.old-{os.getpid()}"
        os.replace(output, old)
        os.replace(temporary, output)
        shutil.rmtree(old)
    else:
        os.replace(temporary, output)


def discard(temporary: Path) -> None:
    shutil.rmtree(temporary, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both folders swap in one atomic step."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _remove_stale(output: Path) -> None:
    """Temporary folders of builds that were killed: their process is gone."""
    for leftover in output.parent.glob(f".{output.name}.*-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

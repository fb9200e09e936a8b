"""Work spread over every core: a pool of forked processes for rendering.

The work's context (the site, the templates, the Markdown renderer) is large and only read,
so it is handed to the workers by forking, not by pickling: each worker keeps it for its
life in ``_context``, a variable of the worker process alone. Only small items go out and
results come back. Results are returned in the order of the items, so output never depends
on which worker was faster.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

WORTH_A_POOL = 24  # fewer items are done in this process: starting workers costs more
_context: Any = None  # set in each worker process by _start; never in the parent


def jobs_wanted(requested: int | None = None) -> int:
    if requested is not None:
        return max(1, requested)
    env = os.environ.get("KATALOG_JOBS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(work: Callable[[Any, Item], Result], context: Any, items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """``work(context, item)`` for each item, in order; in worker processes when it pays."""
    if jobs <= 1 or len(items) < WORTH_A_POOL or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            yield work(context, item)
        return
    chunk = max(1, min(64, len(items) // (jobs * 4)))
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start, initargs=(work, context))
    try:
        for batch in pool.imap(_run_batch, _batches(items, chunk)):
            yield from batch
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _batches(items: Sequence[Item], size: int) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), size):
        yield items[start: start + size]


def _start(work: Callable[[Any, Any], Any], context: Any) -> None:
    global _context
    _context = (work, context)


def _run_batch(items: Sequence[Any]) -> list[Any]:
    work, context = _context
    return [work(context, item) for item in items]

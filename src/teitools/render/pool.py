"""Work spread over a pool of processes, one a core: the PDFs of a build, its editions.

Workers are spawned, not forked (a worker must not inherit a running Saxon), end with the
command that started them, and compile each stylesheet once. A worker's error comes back as
the one-line error it is: the same as the work done in the command's own process."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from ..errors import InputError, InvalidInput, Problem, TeitoolsError


def jobs_for(count: int) -> int:
    """How many workers for `count` pieces of work: one a core (TEITOOLS_JOBS overrides),
    never more than the pieces."""
    wanted = os.environ.get("TEITOOLS_JOBS", "")
    cores = int(wanted) if wanted.isdigit() and int(wanted) > 0 else (os.cpu_count() or 1)
    return max(1, min(cores, count, 8))


class Workers:
    """A pool of `jobs` spawned workers that several maps share: started before the work is
    known, so that their start (Python, teitools, Saxon, and `warm`: e.g. compiling the
    stylesheets) overlaps what the command does meanwhile. Closed on leaving its `with`."""

    def __init__(self, jobs: int, warm: Callable[[], None] | None = None):
        self.jobs = jobs
        self._pool = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=get_context("spawn"),
            initializer=_start,
            initargs=(os.getpid(), warm),
        )
        for _ in range(jobs):  # each worker starts now, not at the first piece of work
            self._pool.submit(_nothing)

    def map(self, fn: Callable[[Any], Any], work: list) -> Iterator[Any]:
        """fn over each piece of `work`, in order."""
        for done in self._pool.map(_guarded, [(fn, w) for w in work]):
            if isinstance(done, Failed):
                raise done.error()
            yield done

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End the workers (again: nothing), their memory given back."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _start(parent: int, warm: Callable[[], None] | None) -> None:
    from ..validate import _die_with_parent

    _die_with_parent(parent)
    if warm is not None:
        warm()


def _nothing() -> None:
    pass


def spread(fn: Callable[[Any], Any], work: list, jobs: int) -> Iterator[Any]:
    """fn over each piece of `work`, in order, in `jobs` spawned workers."""
    with Workers(jobs) as workers:
        yield from workers.map(fn, work)


def in_order(fn: Callable[[Any], Any], work: Iterable, jobs: int) -> Iterator[Any]:
    """fn over each piece of work, here (one job) or in a pool."""
    work = list(work)
    if jobs < 2 or len(work) < 2:
        yield from (fn(w) for w in work)
    else:
        yield from spread(fn, work, jobs)


class Failed:
    """A worker's error, as it crosses back: its problem and its kind."""

    def __init__(self, problem: Problem, kind: str):
        self.problem, self.kind = problem, kind

    def error(self) -> TeitoolsError:
        """The error again, as the worker raised it."""
        p = self.problem
        error = InputError if self.kind == "InputError" else InvalidInput
        return error(p.message, p.file, p.line, p.col, rule=p.rule)


def _guarded(job: tuple[Callable[[Any], Any], Any]) -> Any:
    fn, piece = job
    try:
        return fn(piece)
    except TeitoolsError as e:
        return Failed(e.problem, type(e).__name__)

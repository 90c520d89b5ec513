"""Checking many files in worker processes: in order, interruptible, one crash costs one file.

The files are sent in chunks to a process pool, and the results come back in
the order the files were given. A worker that dies (killed for its memory, a
crash in a C extension) breaks the whole pool in `concurrent.futures`; here
only the chunks it broke are tried again, each file alone, so that the file
that kills its worker is found and reported by itself while every other file
still gets its result.

Workers ignore Ctrl-C: the interrupt is the parent's to handle, and a worker
that took it too would print its own traceback. The parent stops the workers
at once when it is interrupted, instead of waiting for their chunks.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, Final, TypeVar

__all__ = ["in_processes"]

T = TypeVar("T")
R = TypeVar("R")

# How many chunks each worker gets: sending one small file at a time costs more than checking it.
_CHUNKS_PER_WORKER = 8


def _ignore_interrupts() -> None:
    """Start a worker: Ctrl-C is for the parent, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C back while workers may be started: they inherit the hold, then ignore it.

    A worker started while Ctrl-C is held cannot take it before it ignores it; the
    parent takes it as soon as the hold ends.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


#: Seconds a stopped pool's own thread is given to notice its workers are gone.
_STOP_WAIT: Final = 5.0


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, initializer=_ignore_interrupts)


def _submit(pool: ProcessPoolExecutor, task: Callable[..., Any], *args: Any) -> Future[Any]:
    with _interrupts_held():
        return pool.submit(task, *args)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool now: drop the work not started and end the workers still at theirs."""
    # The executor has no public way to end running work; its processes are all there is,
    # and it forgets them when shut down.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    # The pool's own thread closes its wake-up pipe once it sees the workers gone; if it is
    # still at it when the interpreter exits, the exit's write to that pipe can race the
    # close and print a traceback (CPython 3.11). Waiting for it, briefly, settles that.
    if manager is not None:
        manager.join(timeout=_STOP_WAIT)


def in_processes(
    task: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    crashed: Callable[[T], R],
) -> list[R]:
    """``task`` run over ``items`` in chunks by ``workers`` processes, results in item order.

    Args:
        task: A module-level function (workers import it by name) from a chunk
            of items to one result per item.
        items: What to work on, each small enough to send to a process.
        workers: How many processes to start; never more than there are items.
        crashed: The result for an item whose worker died twice while working on it.

    Returns:
        One result per item, in the order of ``items``.
    """
    return list(in_order(task, items, workers, crashed))


def in_order(
    task: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    crashed: Callable[[T], R],
) -> Iterator[R]:
    """As `in_processes`, each result given as soon as it and those before it are done.

    The command line prints each file's findings this way while later files
    are still being checked. A chunk whose worker died is tried again, each
    item alone, before the results after it are given.
    """
    workers = max(1, min(workers, len(items)))
    size = max(1, len(items) // (workers * _CHUNKS_PER_WORKER))
    spans = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    pool = _pool(workers)
    try:
        futures = [(span, _submit(pool, task, [items[i] for i in span])) for span in spans]
        for span, future in futures:
            try:
                chunk = future.result()
            except BrokenProcessPool:
                retried = _one_at_a_time(task, [(i, items[i]) for i in span], crashed)
                chunk = [result for _, result in retried]
            yield from chunk
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _one_at_a_time(
    task: Callable[[Sequence[T]], list[R]],
    items: list[tuple[int, T]],
    crashed: Callable[[T], R],
) -> Iterator[tuple[int, R]]:
    """Each item alone in one worker: a worker that dies now died of its own item."""
    pool = _pool(1)
    try:
        for index, item in items:
            try:
                (result,) = _submit(pool, task, [item]).result()
            except BrokenProcessPool:
                result = crashed(item)
                pool.shutdown(wait=True)
                pool = _pool(1)
            yield index, result
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()

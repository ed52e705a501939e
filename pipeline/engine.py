"""Where extraction runs: this process, worker processes, or a Dask cluster; batches return in input order."""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.facts import Extractor
from pipeline.model import Article
from pipeline.tables import Tables, build_tables

# Articles handed to a worker at a time: large enough that building a batch's ten tables (a fixed
# cost per DataFrame) stays small beside extracting it, small enough that memory stays flat and the
# progress bar moves (a batch takes about a second).
BATCH_SIZE = 256
# Batches pending per worker: enough that workers go on while the main process validates and writes
# a chunk, few enough that memory stays flat.
IN_FLIGHT_PER_WORKER = 4


class EngineError(PipelineError):
    """The execution engine cannot be started (Dask missing, scheduler unreachable)."""


@dataclass(frozen=True)
class Settings:
    """What a worker needs to build its extractor: small, picklable, the same everywhere."""

    model: str | None = None
    reference: Path | None = None


_extractors: dict[Settings, Extractor] = {}


def extractor(settings: Settings) -> Extractor:
    """This process's extractor for `settings`, built on first use: once per worker, never per article."""
    if settings not in _extractors:
        _extractors[settings] = Extractor(model=settings.model, reference=settings.reference)
    return _extractors[settings]


def extract_batch(settings: Settings, articles: list[Article]) -> Tables:
    """The tables of a batch of articles' facts, rows in article order; runs wherever the engine sends it.

    Tables, not the facts themselves: a batch's DataFrames pickle ten times faster than its records,
    and the worker, not the main process, pays for building them.
    """
    found = extractor(settings)
    return build_tables(found.extract(article) for article in articles)


def batches(articles: Iterable[Article], size: int | None = None) -> Iterator[list[Article]]:
    """Consecutive lists of at most `size` (default BATCH_SIZE) articles, read lazily."""
    size = size or BATCH_SIZE
    iterator = iter(articles)
    while batch := list(islice(iterator, size)):
        yield batch


def _quiet_on_interrupt() -> None:
    # Ctrl-C reaches every process of the terminal's group: the main process stops the run and its
    # workers; the workers themselves need not print a traceback each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _ordered(
    submit: Callable[[list[Article]], Any],
    result: Callable[[Any], Tables],
    articles: Iterable[Article],
    in_flight: int,
    size: int | None,
) -> Generator[Tables, None, None]:
    """Submit batches with at most `in_flight` pending, and yield their results in input order.

    Bounding what is pending keeps memory flat however long the input is; yielding in submission
    order makes the output the same whatever the number of workers.
    """
    pending: deque[Any] = deque()
    for batch in batches(articles, size):
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def run_local(
    settings: Settings, articles: Iterable[Article], jobs: int, size: int | None = None
) -> Generator[Tables, None, None]:
    """Extract in this process (jobs == 1) or in `jobs` worker processes."""
    if jobs <= 1:
        for batch in batches(articles, size):
            yield extract_batch(settings, batch)
        return
    extractor(settings)  # built before forking, so every worker starts with it ready
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_quiet_on_interrupt) as pool:
        try:
            yield from _ordered(
                lambda batch: pool.submit(extract_batch, settings, batch),
                Future.result,
                articles,
                in_flight=IN_FLIGHT_PER_WORKER * jobs,
                size=size,
            )
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_dask(
    settings: Settings,
    articles: Iterable[Article],
    jobs: int,
    scheduler: str | None,
    size: int | None = None,
) -> Generator[Tables, None, None]:
    """Extract on a Dask cluster: the one at `scheduler`, or a local cluster of `jobs` worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError("--engine dask needs Dask: pip install 'news-facts-pipeline[dask]'") from exc
    try:
        if scheduler:
            client = Client(scheduler, timeout="10s")
        else:
            client = Client(
                LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            )
    except OSError as exc:
        raise EngineError(f"cannot reach Dask scheduler {scheduler!r}: {exc}") from exc
    with client:
        yield from _ordered(
            lambda batch: client.submit(extract_batch, settings, batch, pure=False),
            lambda future: future.result(),
            articles,
            in_flight=IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})) or jobs),
            size=size,
        )
        if not scheduler:
            client.cluster.close()


def batch_size(articles: int, jobs: int) -> int:
    """BATCH_SIZE, or less when there are too few articles to give every worker a batch."""
    return max(1, min(BATCH_SIZE, -(-articles // max(1, jobs))))


def extract_all(
    articles: Iterable[Article],
    settings: Settings,
    *,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    size: int | None = None,
) -> Generator[Tables, None, None]:
    """The tables of each batch of `size` articles, in input order, whatever the engine and workers."""
    if engine == "dask":
        return run_dask(settings, articles, jobs, scheduler, size)
    return run_local(settings, articles, jobs, size)

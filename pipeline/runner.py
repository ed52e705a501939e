"""Jobs: run the pipeline from raw articles to output, re-validate output, write the contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pipeline import __version__
from pipeline.accumulate import FAILURE_CASES_SCHEMA, Accumulator
from pipeline.contract import write_contract
from pipeline.engine import Settings, batch_size, extract_all, extractor
from pipeline.errors import ValidationFailed
from pipeline.options import FailOn, OnError
from pipeline.quarantine import quarantine
from pipeline.read import Reader, Survey, survey
from pipeline.report import (
    FAILURE_CASES,
    HIGHLIGHT_ARTICLES,
    HTML_REPORT,
    QUARANTINE_DIR,
    VALIDATION_REPORT,
    render_html,
    validation_document,
)
from pipeline.schemas import SCHEMA_VERSION, TABLES
from pipeline.tables import Tables, combine_tables
from pipeline.validate import Report, validate, validate_output
from pipeline.write import Staging

T = TypeVar("T")
# Articles validated and written together. Each validation call has a fixed cost (~0.15 s) on top of
# its cost per row: 1,000-article chunks spent half their validation time on it. Memory grows with
# the chunk, not with the input.
CHUNK_ARTICLES = 5000

__all__ = ["VALIDATION_REPORT", "FailOn", "OnError", "RunResult", "check", "contract", "run"]


@dataclass(frozen=True)
class RunResult:
    """What a run wrote and how long it took."""

    out: Path
    rows: dict[str, int]
    seconds: dict[str, float]  # per stage: setup, extract, validate, report, write
    report: Report
    quarantined: dict[str, int] = field(default_factory=dict)


def rejected_path(out: Path) -> Path:
    """Where a run whose output failed validation leaves it for inspection, beside the good output."""
    return out.with_name(out.name + ".rejected")


def run(
    raw: Path | Sequence[Path],
    out: Path,
    *,
    model: str | None = None,
    reference: Path | None = None,
    fail_on: FailOn = FailOn.ERROR,
    on_error: OnError = OnError.FAIL,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> RunResult:
    """Read the articles under `raw` (one path or several), extract and validate their facts, write `out`.

    Articles stream through in batches (on `jobs` worker processes, or on Dask with `engine`): each
    batch is validated and written as it comes, so memory stays flat however long the input. Failures
    at or above `fail_on` fail the run: with `on_error` FAIL, `out` is left as it was and everything
    goes to `OUT.rejected`; with QUARANTINE, `out` gets the rows that pass and `out/quarantine/` the
    others. Input left out (a file of a folder that cannot be read, a malformed record) is reported
    as a warning. Raises `InputError` for unreadable input and `ValidationFailed` for a failed run.
    """
    clock = _Stages()
    reader = Reader(raw)  # first: a missing input fails at once, not after the models load
    settings = Settings(model=model, reference=reference)
    found = extractor(settings)  # before any work: a bad --model or --reference fails here
    # Few articles get smaller batches, so all workers have one.
    found_input = survey(reader.files)
    jobs = max(1, min(jobs, found_input.articles))
    size = batch_size(found_input.articles, jobs)
    metadata: dict[str, Any] = {
        # Same input and settings, same run id: reruns are recognizable as such.
        "run_id": run_id(found_input, found.settings()),
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": found.settings(),
    }
    clock.lap("setup")
    staging = Staging(out, metadata)
    acc = Accumulator(preview_articles=HIGHLIGHT_ARTICLES)
    articles = reader.articles()
    stream = extract_all(articles, settings, jobs=jobs, engine=engine, scheduler=scheduler, size=size)

    def extracted(n: int) -> None:
        if on_progress is not None:
            on_progress(n, found_input.articles)

    try:
        for parts in clock.timed("extract", chunks(stream, CHUNK_ARTICLES, extracted)):
            tables = combine_tables(parts)
            clock.lap("extract")
            report = validate(tables, whole_run=False)
            kept, held = tables, {}
            if on_error is OnError.QUARANTINE and not report.valid:
                split = quarantine(report)
                kept, held = split.kept, split.quarantined
            clock.lap("validate")
            for name in TABLES:
                if name != "entities":
                    staging.append(name, kept[name])
            for name, frame in held.items():
                held_rows = acc.held_entities(frame) if name == "entities" else frame
                staging.append_frame(f"{QUARANTINE_DIR}/{name}.parquet", held_rows)
            cases = acc.failure_cases(report)
            if not cases.empty:
                staging.append_frame(FAILURE_CASES, cases, FAILURE_CASES_SCHEMA)
            acc.add(report, kept, held)
            clock.lap("write")
        entities = acc.entities()
        staging.append("entities", entities)
        report = acc.report(entities, reader.skipped)
        clock.lap("validate")
        failed = report.fails(fail_on)
        quarantined = dict(acc.quarantined)
        document = validation_document(
            report.to_dict(),
            metadata,
            fail_on=fail_on.value,
            on_error=on_error.value,
            passed=not failed,
            quarantined=quarantined,
        )
        page = render_html(document, acc.preview_tables(entities), written=acc.written)
        clock.lap("report")
        target = rejected_path(out) if failed and on_error is OnError.FAIL else out
        staging.finish(
            target,
            {VALIDATION_REPORT: document},
            manifest={"input": input_summary(reader)},
            texts={HTML_REPORT: page},
            frames={FAILURE_CASES: acc.final_failure_cases()},
            schemas={FAILURE_CASES: FAILURE_CASES_SCHEMA},
        )
        clock.lap("write")
    except BaseException:
        stream.close()
        articles.close()  # the input file, now, not when the traceback is let go
        staging.abort()
        raise
    if failed:
        if target == out:
            n = sum(quarantined.values())
            # With --fail-on warning, warnings alone fail the run: nothing breaks an error rule, nothing
            # is held back, and there is no quarantine folder to point to.
            where = (
                f"{n} {'row' if n == 1 else 'rows'} quarantined to {out / QUARANTINE_DIR}/, the rest written"
                if n
                else f"no row broke an error rule; every row written to {out}/"
            )
        else:
            where = f"{out}/ left as it was; the rejected output is in {target}/"
        raise ValidationFailed(report, target, f"{where}; report: {target / HTML_REPORT}")
    rows = {name: acc.written[name] for name in TABLES}
    return RunResult(out=out, rows=rows, seconds=clock.seconds, report=report, quarantined=quarantined)


def chunks(
    batches: Iterator[Tables], size: int, on_batch: Callable[[int], None] = lambda n: None
) -> Iterator[list[Tables]]:
    """Batches' tables from the workers gathered into chunks of at least `size` articles, in order.

    `on_batch` hears of each batch's articles as it arrives, so progress moves between chunks.
    """
    chunk: list[Tables] = []
    articles = 0
    for batch in batches:
        chunk.append(batch)
        n = len(batch["articles"])
        on_batch(n)
        articles += n
        if articles >= size:
            yield chunk
            chunk, articles = [], 0
    if chunk:
        yield chunk


def input_summary(reader: Reader) -> dict[str, Any]:
    """What the run read and left out, for manifest.json."""
    return {
        "paths": [raw.as_posix() for raw in reader.raws],
        "files": len(reader.files),
        "articles": reader.articles_read,
        # Counts only: every one is in failure_cases.parquet, and samples in validation.json.
        "skipped": dict(Counter(s.rule for s in reader.skipped)),
    }


def run_id(found: Survey, settings: Mapping[str, Any]) -> str:
    """A digest of the input's bytes and the settings: the same run gets the same id."""
    return hashlib.sha256(f"{__version__}|{sorted(settings.items())}|{found.digest}".encode()).hexdigest()[
        :16
    ]


class _Stages:
    """Wall-clock seconds spent in each stage of a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        """Add the time since the last lap to `stage` (stages recur, batch after batch)."""
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._last, 3)
        self._last = now

    def timed(self, stage: str, items: Iterator[T]) -> Iterator[T]:
        """`items`, with the time spent waiting for each added to `stage`."""
        for item in items:
            self.lap(stage)
            yield item


def check(out: Path, *, fail_on: FailOn = FailOn.ERROR) -> Report:
    """Validate the tables already in an output folder (written here or elsewhere).

    Raises `ValidationFailed` when failures reach `fail_on`; the folder is only read.
    """
    report = validate_output(out)
    if report.fails(fail_on):
        raise ValidationFailed(report, detail=f"failures at or above --fail-on {fail_on.value}")
    return report


def contract(folder: Path) -> list[Path]:
    """Write the data contract (a YAML schema per table, datapackage.json) into `folder`."""
    return write_contract(folder)

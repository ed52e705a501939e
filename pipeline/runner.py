"""Jobs: run the pipeline from raw articles to output, re-validate output, write the contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.contract import write_contract
from pipeline.errors import ValidationFailed
from pipeline.facts import Extractor
from pipeline.quarantine import quarantine
from pipeline.read import read_articles
from pipeline.report import (
    FAILURE_CASES,
    HTML_REPORT,
    QUARANTINE_DIR,
    VALIDATION_REPORT,
    render_html,
    validation_document,
)
from pipeline.schemas import SCHEMA_VERSION
from pipeline.tables import build_tables
from pipeline.validate import FailOn, Report, validate
from pipeline.write import read_output, write_output

__all__ = ["VALIDATION_REPORT", "FailOn", "OnError", "RunResult", "check", "contract", "run"]


class OnError(StrEnum):
    """What a run does with rows that break error-level rules (`--on-error`)."""

    # Write nothing over the output; leave every table, as it is, in OUT.rejected.
    FAIL = "fail"
    # Write the rows that pass; put the others in OUT/quarantine/, with the rules they break.
    QUARANTINE = "quarantine"


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
    raw: Path,
    out: Path,
    *,
    model: str | None = None,
    reference: Path | None = None,
    fail_on: FailOn = FailOn.ERROR,
    on_error: OnError = OnError.FAIL,
) -> RunResult:
    """Read every article under `raw`, extract and validate its facts, and write them to `out`.

    Failures at or above `fail_on` fail the run: with `on_error` FAIL, `out` is left as it was and
    everything goes to `OUT.rejected`; with QUARANTINE, `out` gets the rows that pass and
    `out/quarantine/` the others. Raises `InputError` for unreadable input and `ValidationFailed`
    for a failed run.
    """
    clock = _Stages()
    extractor = Extractor(model=model, reference=reference)
    clock.lap("setup")
    facts = [extractor.extract(article) for article in read_articles(raw)]
    tables = build_tables(facts)
    clock.lap("extract")
    report = validate(tables)
    clock.lap("validate")
    ids = ",".join(sorted(tables["articles"]["article_id"]))
    metadata: dict[str, Any] = {
        # Same input and settings, same run id: reruns are recognizable as such.
        "run_id": hashlib.sha256(f"{ids}|{extractor.settings()}|{__version__}".encode()).hexdigest()[:16],
        "pipeline_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "settings": extractor.settings(),
    }
    failed = report.fails(fail_on)
    written, held = tables, {}
    if on_error is OnError.QUARANTINE and not report.valid:
        split = quarantine(report)
        written, held = split.kept, split.quarantined
    quarantined = {name: len(frame) for name, frame in held.items()}
    document = validation_document(
        report.to_dict(),
        metadata,
        fail_on=fail_on.value,
        on_error=on_error.value,
        passed=not failed,
        quarantined=quarantined,
    )
    page = render_html(document, written)
    frames = {FAILURE_CASES: report.failure_cases()}
    frames.update({f"{QUARANTINE_DIR}/{name}.parquet": frame for name, frame in held.items()})
    clock.lap("report")
    target = rejected_path(out) if failed and on_error is OnError.FAIL else out
    write_output(
        target, written, metadata, {VALIDATION_REPORT: document}, texts={HTML_REPORT: page}, frames=frames
    )
    clock.lap("write")
    if failed:
        held_rows = sum(quarantined.values())
        if target == out and held_rows:
            unit = "row" if held_rows == 1 else "rows"
            where = f"{held_rows} {unit} quarantined to {out / QUARANTINE_DIR}/, the rest written"
        elif target == out:
            where = f"written to {out}/ (no error to quarantine)"
        else:
            where = f"{out}/ left as it was; the rejected output is in {target}/"
        raise ValidationFailed(report, target, f"{where}; report: {target / HTML_REPORT}")
    rows = {name: len(frame) for name, frame in written.items()}
    return RunResult(out=out, rows=rows, seconds=clock.seconds, report=report, quarantined=quarantined)


class _Stages:
    """Wall-clock seconds spent in each stage of a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._last, 3)
        self._last = now


def check(out: Path, *, fail_on: FailOn = FailOn.ERROR) -> Report:
    """Validate the tables already in an output folder (written here or elsewhere).

    Raises `ValidationFailed` when failures reach `fail_on`; the folder is only read.
    """
    report = validate(read_output(out))
    if report.fails(fail_on):
        raise ValidationFailed(report, detail=f"failures at or above --fail-on {fail_on.value}")
    return report


def contract(folder: Path) -> list[Path]:
    """Write the data contract (a YAML schema per table, datapackage.json) into `folder`."""
    return write_contract(folder)

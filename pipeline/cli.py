"""The `pipeline` command: parse options, call one library function, turn its exceptions into exit codes."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from pipeline import __version__
from pipeline.errors import ExitStatus, PipelineError, ValidationFailed, missing
from pipeline.options import ENGINES, FailOn, OnError, default_jobs

if TYPE_CHECKING:
    from pipeline.validate import Report

T = TypeVar("T")


def _call(debug: bool, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library call; its errors become one line on stderr and the documented exit code."""
    try:
        return function(*args, **kwargs)
    except ValidationFailed as exc:
        click.echo(exc.report.format_table(), err=True)
        click.echo(exc.report.summary_line(), err=True)
        click.echo(f"Error: {exc}", err=True)
        sys.exit(ExitStatus.VALIDATION_FAILED)
    except PipelineError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        sys.exit(exc.exit_status)
    except KeyboardInterrupt:
        click.echo("Interrupted; the previous output is unchanged.", err=True)
        sys.exit(ExitStatus.INTERRUPTED)
    except Exception as exc:
        if debug:
            raise
        click.echo(
            f"Internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", err=True
        )
        sys.exit(ExitStatus.INTERNAL_ERROR)


def _summary(report: Report) -> None:
    """The validation summary table on stderr, when there is anything to show."""
    if report.failures:
        click.echo(report.format_table(), err=True)


def _existing(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    """`paths`, each checked as options are parsed: a mistyped path is told at once, in one line,
    before the extractor's libraries are imported (seconds)."""
    for path in paths:
        if not path.exists():
            click.echo(f"Error: {missing(path)}", err=True)
            sys.exit(ExitStatus.BAD_INPUT)
    return paths


debug_option = click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
fail_on_option = click.option(
    "--fail-on",
    type=click.Choice([f.value for f in FailOn]),
    default=FailOn.ERROR.value,
    show_default=True,
    help="Least severe failure that fails the run (exit 1): error, warning, or never.",
)


EXIT_CODES = "\n".join(
    [
        "Exit codes:",
        "",
        "\b",
        *(
            f"  {status.value:<4}{text}"
            for status, text in (
                (ExitStatus.OK, "success"),
                (ExitStatus.VALIDATION_FAILED, "the data failed validation (at or above --fail-on)"),
                (ExitStatus.BAD_INPUT, "bad usage, or input or output that cannot be read or written"),
                (ExitStatus.INTERNAL_ERROR, "internal error (a bug: rerun with --debug and report it)"),
                (ExitStatus.INTERRUPTED, "interrupted (Ctrl-C); the previous output is unchanged"),
            )
        ),
    ]
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Turn English news articles into validated fact tables (Parquet + CSV)."""
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)


@main.command(short_help="Extract, validate and write the fact tables of articles.", epilog=EXIT_CODES)
@click.option(
    "--raw",
    type=click.Path(path_type=Path),
    callback=lambda ctx, param, paths: _existing(paths),
    multiple=True,
    default=[Path("raw")],
    show_default=True,
    help="Folder of articles (.txt, .jsonl, .jsonl.gz; searched recursively) or one article file. "
    "Repeat it to read several.",
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True, help="Output folder."
)
@click.option(
    "--model",
    default=None,
    help="Installed trained spaCy pipeline whose NER adds names (e.g. en_core_web_sm).",
)
@click.option(
    "--reference",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of reference CSV files (people.csv, organizations.csv, ...) that extend the bundled ones.",
)
@fail_on_option
@click.option(
    "--on-error",
    type=click.Choice([o.value for o in OnError]),
    default=OnError.FAIL.value,
    show_default=True,
    help="fail: write nothing over OUT. quarantine: write the rows that pass, the rest to OUT/quarantine/.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the machine's cores). The output is the same for any number.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="local",
    show_default=True,
    help="Where extraction runs: worker processes here, or a Dask cluster.",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="With --engine dask: the scheduler of an existing cluster (tcp://host:8786); a local one otherwise.",
)
@debug_option
def run(
    raw: tuple[Path, ...],
    out: Path,
    model: str | None,
    reference: Path | None,
    fail_on: str,
    on_error: str,
    jobs: int | None,
    engine: str,
    scheduler: str | None,
    debug: bool,
) -> None:
    """Extract facts from the articles in --raw, validate them, and write them to --out.

    OUT gets the tables (Parquet + CSV), datapackage.json, validation.json, failure_cases.parquet
    and report.html. Failures at or above --fail-on exit with 1: with --on-error fail, OUT is left as
    it was and everything goes to OUT.rejected; with --on-error quarantine, OUT gets the rows that
    pass and OUT/quarantine/ the others.

    Example:

    \b
        pipeline run --raw raw/ --out out/
        pipeline run --raw feed-a.jsonl --raw feed-b/
        pipeline run --fail-on warning --on-error quarantine
        pipeline run --raw feed/ --jobs 8
        pipeline run --raw feed/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    # Here, not at the top: the extractor's libraries take a second or two to import, and --help and
    # usage errors should not wait for them.
    from pipeline import runner
    from pipeline.progress import Progress

    meter = Progress()
    try:
        result = _call(
            debug,
            runner.run,
            list(raw),
            out,
            model=model,
            reference=reference,
            fail_on=FailOn(fail_on),
            on_error=OnError(on_error),
            jobs=jobs or default_jobs(),
            engine=engine,
            scheduler=scheduler,
            on_progress=meter.update,
        )
    finally:
        meter.close()
    counts = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    verdict = "Validation passed." if result.report.valid else f"Validation failed (--fail-on {fail_on})."
    held = sum(result.quarantined.values())
    rows = "row" if held == 1 else "rows"
    quarantined = f", {held} {rows} quarantined to {result.out / 'quarantine'}/" if held else ""
    click.echo(f"Wrote {result.out}/ in {sum(result.seconds.values()):.1f}s: {counts}.")
    _summary(result.report)
    click.echo(f"{verdict} {result.report.summary_line()}{quarantined}. Report: {result.out / 'report.html'}")


@main.command(short_help="Check an output folder's tables against the data contract.", epilog=EXIT_CODES)
@click.argument("out_dir", type=click.Path(path_type=Path), default=Path("out"))
@fail_on_option
@debug_option
def validate(out_dir: Path, fail_on: str, debug: bool) -> None:
    """Validate the tables in OUT_DIR (default: out) against the data contract.

    Exits with 1 and a summary when failures reach --fail-on: use it in CI on data produced
    elsewhere. The folder is only read.

    Example:

        pipeline validate out/ --fail-on warning
    """
    from pipeline import runner

    report = _call(debug, runner.check, out_dir, fail_on=FailOn(fail_on))
    _summary(report)
    if report.valid:
        click.echo(f"{out_dir}/: all tables pass validation. {report.summary_line()}.")
    else:
        click.echo(f"{out_dir}/: validation failed (--fail-on {fail_on}). {report.summary_line()}.")


@main.command(short_help="Write the data contract (YAML per table, datapackage.json).")
@click.argument("folder", type=click.Path(path_type=Path), default=Path("schemas"))
@debug_option
def contract(folder: Path, debug: bool) -> None:
    """Write the data contract into FOLDER (default: schemas): a YAML file per table and datapackage.json.

    The files are generated from the pandera models, which stay the one source of truth.

    Example:

        pipeline contract schemas/
    """
    from pipeline import runner

    written = _call(debug, runner.contract, folder)
    click.echo(f"Wrote {len(written)} contract files to {folder}/.")

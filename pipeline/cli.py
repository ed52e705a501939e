"""The `pipeline` command: parse options, call one library function, turn its exceptions into exit codes."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pipeline import __version__, runner
from pipeline.errors import ExitStatus, PipelineError, ValidationFailed

T = TypeVar("T")


def _call(debug: bool, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a library call; its errors become one line on stderr and the documented exit code."""
    try:
        return function(*args, **kwargs)
    except ValidationFailed as exc:
        click.echo(exc.report.format_table(), err=True)  # type: ignore[attr-defined]
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


debug_option = click.option("--debug", is_flag=True, help="Show tracebacks of errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
def main() -> None:
    """Turn raw English news articles into tidy, validated fact tables (Parquet + CSV)."""
    logging.basicConfig(format="%(levelname)s: %(message)s", level=logging.WARNING, stream=sys.stderr)


@main.command()
@click.option(
    "--raw",
    type=click.Path(path_type=Path),
    default=Path("raw"),
    show_default=True,
    help="Folder of articles (.txt, .jsonl, .jsonl.gz; searched recursively) or one article file.",
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
@debug_option
def run(raw: Path, out: Path, model: str | None, reference: Path | None, debug: bool) -> None:
    """Extract facts from the articles in RAW, validate them, and write them to OUT.

    OUT is replaced only when every table passes validation; otherwise the rejected tables and
    their report go to OUT.rejected and the command exits with 1.

    Example:

        pipeline run --raw raw/ --out out/
    """
    result = _call(debug, runner.run, raw, out, model=model, reference=reference)
    counts = ", ".join(f"{name} {n}" for name, n in result.rows.items())
    click.echo(f"Wrote {result.out}/ in {sum(result.seconds.values()):.1f}s: {counts}. Validation passed.")


@main.command()
@click.argument("out_dir", type=click.Path(path_type=Path), default=Path("out"))
@debug_option
def validate(out_dir: Path, debug: bool) -> None:
    """Validate the tables in OUT_DIR (default: out) against the data contract.

    Exits with 1 and a report when any rule fails: use it in CI on data produced elsewhere.

    Example:

        pipeline validate out/
    """
    _call(debug, runner.check, out_dir)
    click.echo(f"{out_dir}/: all tables pass validation.")

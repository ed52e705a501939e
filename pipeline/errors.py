"""Typed exceptions raised by the library and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.validate import Report


class ExitStatus(IntEnum):
    """Process exit codes of the `pipeline` command (documented in the README)."""

    OK = 0
    VALIDATION_FAILED = 1
    BAD_INPUT = 2
    INTERNAL_ERROR = 3
    INTERRUPTED = 130


class PipelineError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_status = ExitStatus.BAD_INPUT


class InputError(PipelineError):
    """An input path or file cannot be read as articles."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def missing(path: Path) -> InputError:
    """The error for an input path that does not exist."""
    return InputError(path, "no such file or folder")


class OutputError(PipelineError):
    """The output folder cannot be written or replaced safely."""


class ReferenceDataError(PipelineError):
    """A reference data file is missing or malformed."""


class ModelError(PipelineError):
    """The spaCy pipeline named by --model cannot be loaded."""


class ValidationFailed(PipelineError):
    """The output tables broke the data contract at or above `--fail-on`."""

    exit_status = ExitStatus.VALIDATION_FAILED

    def __init__(self, report: Report, written: Path | None = None, detail: str = "") -> None:
        super().__init__("output failed validation" + (f"; {detail}" if detail else ""))
        self.report = report
        # Where the run wrote its output: the rejected folder, or (quarantine) the output folder.
        self.written = written

"""Typed exceptions raised by the library and the exit codes the CLI maps them to."""

from __future__ import annotations

from enum import IntEnum


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


class OutputError(PipelineError):
    """The output folder cannot be written or replaced safely."""


class ReferenceDataError(PipelineError):
    """A reference data file is missing or malformed."""


class ModelError(PipelineError):
    """The spaCy pipeline named by --model cannot be loaded."""


class ValidationFailed(PipelineError):
    """The output tables broke the data contract; nothing was written over earlier output."""

    exit_status = ExitStatus.VALIDATION_FAILED

    def __init__(self, report: object) -> None:
        super().__init__("output failed validation")
        self.report = report

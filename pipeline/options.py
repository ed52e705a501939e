"""The choices a run is given (policies, engines, cores): light, so that the CLI starts fast."""

from __future__ import annotations

import os
from enum import StrEnum

ENGINES = ("local", "dask")


class FailOn(StrEnum):
    """The least severe failure that fails a run (`--fail-on`)."""

    ERROR = "error"
    WARNING = "warning"
    NEVER = "never"


class OnError(StrEnum):
    """What a run does with rows that break error-level rules (`--on-error`)."""

    # Write nothing over the output; leave every table, as it is, in OUT.rejected.
    FAIL = "fail"
    # Write the rows that pass; put the others in OUT/quarantine/, with the rules they break.
    QUARANTINE = "quarantine"


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

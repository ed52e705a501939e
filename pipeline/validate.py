"""Check the output tables against the data contract and report every failure at once."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors

from pipeline.schemas import MODELS, TABLES
from pipeline.schemas.models import ROW_CHECK_COLUMNS
from pipeline.schemas.rules import RULES, row_keys

# A failing value as a plain JSON scalar, so reports serialize without a custom encoder.
FailureValue = str | int | float | bool | None

# pandera's checks of the frame's shape; their failure case is the column concerned.
_COLUMN_CHECKS = frozenset({"column_in_dataframe", "column_in_schema", "column_ordered"})
_DTYPE_CHECK = re.compile(r"dtype\('(?P<expected>.*)'\)")
_VALUE_WIDTH = 48
_KEY_WIDTH = 72


@dataclass(frozen=True)
class Failure:
    """One broken rule: where it broke, the offending value, and a key to find the row."""

    table: str
    column: str | None
    check: str
    failure_case: FailureValue
    # e.g. "article_id=0d0f5ed4f039e23d start=10 end=15"; None when no single row is at fault.
    row_key: str | None


@dataclass
class Report:
    """Every failure found in one validation run; valid when there are none."""

    failures: list[Failure] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "valid": self.valid,
            "n_failures": len(self.failures),
            "failures": [
                {
                    "table": f.table,
                    "column": f.column,
                    "check": f.check,
                    "failure_case": f.failure_case,
                    "row_key": f.row_key,
                }
                for f in self.failures
            ],
        }

    def format_table(self, limit: int = 20) -> str:
        """The first `limit` failures as a plain-text table, long values cut short."""
        if self.valid:
            return "valid: no failures"
        header = ("table", "column", "check", "failing value", "row key")
        rows = [
            (
                f.table,
                f.column or "",
                f.check,
                _shorten("" if f.failure_case is None else str(f.failure_case), _VALUE_WIDTH),
                _shorten(f.row_key or "", _KEY_WIDTH),
            )
            for f in self.failures[: max(limit, 0)]
        ]
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in (header, tuple("-" * w for w in widths), *rows)
        ]
        if len(self.failures) > len(rows):
            lines.append(f"... and {len(self.failures) - len(rows)} more")
        return "\n".join(lines)


def validate(tables: Mapping[str, pd.DataFrame]) -> Report:
    """Check every table against its model, then every rule across tables; never stop at the first."""
    failures: list[Failure] = []
    present: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        df = tables.get(table)
        if df is None:
            failures.append(Failure(table, None, "table_present", None, None))
        elif not isinstance(df, pd.DataFrame):
            failures.append(Failure(table, None, "table_type", type(df).__name__, None))
        else:
            # Failure cases point at rows by index label: make the labels positions, and unique.
            present[table] = df.reset_index(drop=True)
            failures.extend(_schema_failures(table, present[table]))
    failures.extend(Failure(t, None, "known_table", t, None) for t in tables if t not in MODELS)
    for rule in RULES:
        if rule.applies(present):
            found = rule.run(present)
            failures.extend(
                Failure(table, column, check, _plain(case), None if key is None else str(key))
                for table, column, check, case, key in found.itertuples(index=False, name=None)
            )
    return Report(failures)


def _schema_failures(table: str, df: pd.DataFrame) -> list[Failure]:
    try:
        MODELS[table].validate(df, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    checks = cases["check"].astype(str)
    structural = checks.isin(_COLUMN_CHECKS) | checks.str.startswith("dtype(")
    # A check that raised instead of answering has no row and a check number. When columns are
    # missing or mistyped that is their echo, already reported; otherwise it is a failure of its own.
    errored = cases["index"].isna() & cases["check_number"].notna() & ~structural
    if structural.any():
        keep = ~errored
        cases, errored = cases.loc[keep], errored.loc[keep]

    indices = [int(i) for i in cases["index"].dropna().unique()]
    keys = dict(zip(indices, row_keys(table, df.loc[indices]), strict=True))
    row_checks_seen: set[tuple[str, int]] = set()
    found: list[Failure] = []
    for (context, column, check, case, index), raised in zip(
        cases[["schema_context", "column", "check", "failure_case", "index"]].itertuples(
            index=False, name=None
        ),
        errored,
        strict=True,
    ):
        row = None if pd.isna(index) else int(index)
        key = None if row is None else keys[row]
        if check in _COLUMN_CHECKS:
            found.append(Failure(table, str(case), check, str(case), None))
        elif (dtype := _DTYPE_CHECK.fullmatch(check)) is not None:
            # Without a row, the case is the column's dtype; with one, a value of the wrong type.
            got = str(case) if row is None else repr(_plain(case))
            found.append(Failure(table, column, "dtype", f"{got} (expected {dtype['expected']})", key))
        elif raised:
            found.append(
                Failure(table, None if context == "DataFrameSchema" else column, check, str(case), None)
            )
        elif context == "DataFrameSchema" and row is not None:
            # pandera reports a row-level check once per column of the row: report it once, with the
            # values of the columns it reads.
            if (check, row) in row_checks_seen:
                continue
            row_checks_seen.add((check, row))
            read = [c for c in ROW_CHECK_COLUMNS.get(check, ()) if c in df.columns]
            values = " ".join(f"{c}={_plain(df.at[row, c])}" for c in read)
            found.append(Failure(table, ",".join(read) or None, check, values or None, key))
        else:
            found.append(Failure(table, column, check, _plain(case), key))
    return found


def _plain(value: object) -> FailureValue:
    """`value` as a JSON scalar: numpy scalars unwrapped, missing as None, the rest as text."""
    if isinstance(value, np.datetime64):
        # .item() would give nanoseconds since the epoch as an int.
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp) and value == value.normalize():
        # The tables hold dates; midnight is only how pandas stores them.
        return value.date().isoformat()
    if isinstance(value, float):
        # NaN and infinity are not JSON.
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."

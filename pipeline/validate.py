"""Check the output tables against the data contract and report every failure at once, with its severity."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from pyarrow import ArrowInvalid

from pipeline.options import FailOn
from pipeline.schemas import MODELS, TABLES
from pipeline.schemas.catalog import Severity
from pipeline.schemas.models import ROW_CHECK_COLUMNS
from pipeline.schemas.rules import KEYS, RULES, row_keys
from pipeline.schemas.warnings import WARNING_CHECK_COLUMNS, WARNING_MODELS
from pipeline.write import read_csv, read_output

# A failing value as a plain JSON scalar, so reports serialize without a custom encoder.
FailureValue = str | int | float | bool | None

# pandera's checks of the frame's shape; their failure case is the column concerned.
_COLUMN_CHECKS = frozenset({"column_in_dataframe", "column_in_schema", "column_ordered"})
_DTYPE_CHECK = re.compile(r"dtype\('(?P<expected>.*)'\)")
_VALUE_WIDTH = 72
_RULE_WIDTH = 28
# Sample rows per rule in validation.json and the HTML report; the full list is failure_cases.parquet.
SAMPLES = 20
# The rules of an output folder's files, which `pipeline validate` checks. A run writes both copies of a
# table from one Arrow table; a copy edited or replaced afterwards is what these catch.
CSV_PRESENT = "csv_present"
CSV_MATCHES_PARQUET = "csv_matches_parquet"


@dataclass(frozen=True)
class Failure:
    """One broken rule: where it broke, the offending value, and a key to find the row."""

    table: str
    column: str | None
    check: str
    failure_case: FailureValue
    # e.g. "article_id=0d0f5ed4f039e23d start=10 end=15"; None when no single row is at fault.
    row_key: str | None
    severity: Severity = Severity.ERROR
    # Positions of the rows at fault in the table as validated: one row, or several (a repeated key, a
    # pair of near-duplicate people); none when the failure is the table's shape.
    rows: tuple[int, ...] = ()

    @property
    def blocking(self) -> bool:
        """An error that no row can be blamed for (a missing column, a wrong type): the whole table fails."""
        return self.severity is Severity.ERROR and not self.rows


@dataclass(frozen=True)
class RuleResult:
    """The failures of one rule in one table, counted by distinct rows."""

    table: str
    rule: str
    severity: Severity
    columns: tuple[str, ...]
    failures: list[Failure]  # all of them, or the first SAMPLES of a report folded from chunks
    failing_rows: int
    blocking: bool
    n_failures: int


@dataclass
class Report:
    """Every failure found in one validation run; valid when no error-level rule failed."""

    failures: list[Failure] = field(default_factory=list)
    # Row count of each table validated.
    rows: dict[str, int] = field(default_factory=dict)
    # The tables as validated (positions as index labels), to look up the keys of failing rows.
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)
    # A report folded from many chunks keeps only sample failures per rule; these are its true counts:
    # per (table, rule, severity) the failures and distinct failing rows, and per (table, severity or
    # None for any) the distinct failing rows.
    rule_totals: Mapping[tuple[str, str, Severity], tuple[int, int]] | None = None
    row_totals: Mapping[tuple[str, Severity | None], int] | None = None

    def n_failing_rows(self, table: str, severity: Severity | None = None) -> int:
        """How many distinct rows of `table` break a rule (of `severity`, if given)."""
        if self.row_totals is not None:
            return self.row_totals.get((table, severity), 0)
        return len(self.failing_rows(table, severity))

    @property
    def n_failures(self) -> int:
        """Failure cases in all, samples kept or not."""
        if self.rule_totals is not None:
            return sum(n for n, _ in self.rule_totals.values())
        return len(self.failures)

    @property
    def errors(self) -> list[Failure]:
        return [f for f in self.failures if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        """The tables meet the contract: no error-level rule failed (warnings allowed)."""
        return not self.errors

    @property
    def result(self) -> str:
        """`failed` (an error), `warning` (only warnings) or `passed` (nothing), like datacontract-cli."""
        if self.errors:
            return "failed"
        return "warning" if self.failures else "passed"

    def fails(self, fail_on: FailOn) -> bool:
        """Whether the failures found fail a run under `--fail-on`."""
        if fail_on is FailOn.NEVER:
            return False
        return bool(self.failures) if fail_on is FailOn.WARNING else not self.valid

    def blocked(self) -> set[str]:
        """Tables with an error that names no row: no row of theirs can be trusted."""
        return {f.table for f in self.failures if f.blocking}

    def failing_rows(self, table: str, severity: Severity | None = None) -> np.ndarray:
        """Sorted positions of the rows of `table` that break a rule (of `severity`, if given)."""
        rows = {
            r
            for f in self.failures
            if f.table == table and (severity is None or f.severity is severity)
            for r in f.rows
        }
        return np.array(sorted(rows), dtype=np.int64)

    def by_rule(self) -> list[RuleResult]:
        """The failures grouped by table and rule: errors first, then by table, then in the order found."""
        groups: dict[tuple[str, str, Severity], list[Failure]] = {}
        for f in self.failures:
            groups.setdefault((f.table, f.check, f.severity), []).append(f)
        results = []
        for (table, rule, severity), found in groups.items():
            columns: list[str] = []
            for f in found:
                for c in (f.column or "").split(","):
                    if c and c not in columns:
                        columns.append(c)
            n_failures, failing_rows = len(found), len({r for f in found for r in f.rows})
            if self.rule_totals is not None:
                n_failures, failing_rows = self.rule_totals.get(
                    (table, rule, severity), (n_failures, failing_rows)
                )
            results.append(
                RuleResult(
                    table=table,
                    rule=rule,
                    severity=severity,
                    columns=tuple(columns),
                    failures=found,
                    failing_rows=failing_rows,
                    blocking=any(f.blocking for f in found),
                    n_failures=n_failures,
                )
            )
        order = {table: i for i, table in enumerate(TABLES)}
        results.sort(key=lambda r: (r.severity is not Severity.ERROR, order.get(r.table, len(order))))
        return results

    def counts(self) -> dict[str, dict[str, int]]:
        """Per severity: rules broken, distinct rows at fault, and failure cases."""
        out = {}
        for severity in Severity:
            rules = [r for r in self.by_rule() if r.severity is severity]
            out[severity.value] = {
                "rules": len(rules),
                "rows": sum(self.n_failing_rows(t, severity) for t in {r.table for r in rules}),
                "failures": sum(r.n_failures for r in rules),
            }
        return out

    def keys(self, failure: Failure) -> list[dict[str, FailureValue]]:
        """The key columns and values of each row at fault, e.g. `{"article_id": ..., "start": 10}`."""
        df = self.tables.get(failure.table)
        if df is None:
            return []
        columns = [c for c in KEYS.get(failure.table, ()) if c in df.columns]
        return [{c: _plain(df.at[row, c]) for c in columns} for row in failure.rows if row in df.index]

    def to_dict(self, samples: int = SAMPLES) -> dict[str, Any]:
        """The report as JSON-ready data: counts, and per table and rule up to `samples` failing rows.

        The shape is documented in docs/contract.md; every failure is in `failure_cases()`.
        """
        tables: dict[str, dict[str, Any]] = {
            table: {"rows": n, "failing_rows": 0, "blocked": False, "rules": []}
            for table, n in self.rows.items()
        }
        for result in self.by_rule():
            entry = tables.setdefault(
                result.table, {"rows": None, "failing_rows": 0, "blocked": False, "rules": []}
            )
            entry["blocked"] = entry["blocked"] or result.blocking
            entry["rules"].append(
                {
                    "rule": result.rule,
                    "severity": result.severity.value,
                    "columns": list(result.columns),
                    "failing_rows": result.failing_rows,
                    "failures": result.n_failures,
                    "blocking": result.blocking,
                    "samples": [
                        {
                            "keys": self.keys(f),
                            "row_key": f.row_key,
                            "column": f.column,
                            "failure_case": f.failure_case,
                        }
                        for f in result.failures[: max(samples, 0)]
                    ],
                }
            )
        for table, entry in tables.items():
            entry["failing_rows"] = self.n_failing_rows(table)
        return {
            "valid": self.valid,
            "result": self.result,
            "n_failures": self.n_failures,
            "counts": self.counts(),
            "tables": tables,
        }

    def failure_cases(self) -> pd.DataFrame:
        """Every failure, one row each, never truncated: the content of failure_cases.parquet."""
        return pd.DataFrame(
            {
                "table": pd.Series([f.table for f in self.failures], dtype="str"),
                "rule": pd.Series([f.check for f in self.failures], dtype="str"),
                "severity": pd.Series([f.severity.value for f in self.failures], dtype="str"),
                "column": pd.Series([f.column for f in self.failures], dtype="str"),
                # Values of every type share one column: as text, as the terminal and HTML show them.
                "failure_case": pd.Series(
                    [None if f.failure_case is None else str(f.failure_case) for f in self.failures],
                    dtype="str",
                ),
                "row_key": pd.Series([f.row_key for f in self.failures], dtype="str"),
                "rows": pd.Series([list(f.rows) for f in self.failures], dtype=object),
                "blocking": pd.Series([f.blocking for f in self.failures], dtype=bool),
            }
        )

    def format_table(self, limit: int = 20) -> str:
        """A short summary for the terminal: one line per table and rule, with its first failing row."""
        if not self.failures:
            return "valid: no failures"
        header = ("severity", "table", "rule", "rows", "example")
        results = self.by_rule()
        lines_ = [
            (
                r.severity.value,
                r.table,
                shorten(r.rule, _RULE_WIDTH),
                "table" if r.blocking and not r.failing_rows else str(r.failing_rows),
                shorten(_example(r.failures[0]), _VALUE_WIDTH),
            )
            for r in results[: max(limit, 0)]
        ]
        widths = [max(len(row[i]) for row in (header, *lines_)) for i in range(len(header))]
        right = {3}  # counts line up on the right
        lines = [
            "  ".join(
                cell.rjust(w) if i in right else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            for row in (header, tuple("-" * w for w in widths), *lines_)
        ]
        if len(results) > len(lines_):
            lines.append(f"... and {len(results) - len(lines_)} more rules")
        return "\n".join(lines)

    def summary_line(self) -> str:
        """e.g. `1 error (1 row), 15 warnings (15 rows)`: failure cases and distinct rows per severity."""
        parts = []
        for severity, count in self.counts().items():
            n, rows = count["failures"], count["rows"]
            parts.append(f"{n} {severity}{'' if n == 1 else 's'} ({rows} row{'' if rows == 1 else 's'})")
        return ", ".join(parts)


def _example(failure: Failure) -> str:
    value = "" if failure.failure_case is None else str(failure.failure_case)
    if failure.row_key:
        return f"{failure.row_key}: {value}" if value else failure.row_key
    return f"{failure.column}: {value}" if failure.column and value != failure.column else value


def validate(tables: Mapping[str, pd.DataFrame], *, whole_run: bool = True) -> Report:
    """Check every table against its model, then every rule across tables, then the warnings.

    Never stops at the first failure. Warnings are checked only on tables whose shape passed. A chunk of
    a run (`whole_run=False`) skips the rules that need the whole run; `run_rule_failures` runs them.
    """
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
            failures.extend(_schema_failures(table, present[table], MODELS[table], Severity.ERROR))
    failures.extend(Failure(t, None, "known_table", t, None) for t in tables if t not in MODELS)
    failures.extend(_rule_failures(present, "chunk"))
    if whole_run:
        failures.extend(_rule_failures(present, "run"))
    blocked = {f.table for f in failures if f.blocking}
    for table, model in WARNING_MODELS.items():
        if table in present and table not in blocked:
            failures.extend(_schema_failures(table, present[table], model, Severity.WARNING, only_own=True))
    return Report(failures, rows={t: len(df) for t, df in present.items()}, tables=present)


def _rule_failures(tables: Mapping[str, pd.DataFrame], scope: str) -> list[Failure]:
    failures: list[Failure] = []
    for rule in RULES:
        if rule.scope == scope and rule.applies(tables):
            found = rule.run(tables)
            failures.extend(
                Failure(
                    table,
                    column,
                    check,
                    _plain(case),
                    None if key is None else str(key),
                    severity=Severity(rule.severity),
                    rows=rows,
                )
                for table, column, check, case, key, rows in found.itertuples(index=False, name=None)
            )
    return failures


def run_rule_failures(entities: pd.DataFrame) -> list[Failure]:
    """The failures of the rules over a whole run's entities table (at the end of a chunked run)."""
    return _rule_failures({"entities": entities.reset_index(drop=True)}, "run")


def validate_output(out: Path) -> Report:
    """Validate an output folder: its tables, read from Parquet, and the CSV copy of each against them."""
    tables = read_output(out)
    report = validate(tables)
    report.failures.extend(csv_failures(out, tables))
    return report


def csv_failures(out: Path, tables: Mapping[str, pd.DataFrame]) -> list[Failure]:
    """Where the CSV copy in `out` of each of `tables` (as read from Parquet) is missing or differs.

    The CSV is read with the contract's types, so a value differs only when it means something else.
    """
    found: list[Failure] = []
    for table, parquet in tables.items():
        path = out / f"{table}.csv"
        if not path.is_file():
            found.append(Failure(table, None, CSV_PRESENT, path.name, None))
            continue
        try:
            csv = read_csv(path, table)
        except ArrowInvalid as exc:
            found.append(Failure(table, None, CSV_MATCHES_PARQUET, f"{path.name}: {exc}", None))
            continue
        found.extend(_copy_differences(table, parquet.reset_index(drop=True), csv))
    return found


def _copy_differences(table: str, parquet: pd.DataFrame, csv: pd.DataFrame) -> list[Failure]:
    """One failure per value that differs, naming its row by the key it has in the Parquet copy."""
    found: list[Failure] = []
    if list(csv.columns) != list(parquet.columns):
        columns = f"columns {list(csv.columns)} in {table}.csv, {list(parquet.columns)} in {table}.parquet"
        found.append(Failure(table, None, CSV_MATCHES_PARQUET, columns, None))
    if len(csv) != len(parquet):
        # Rows are compared by position: with a row missing, every later one would be reported.
        counts = f"{len(csv)} rows in {table}.csv, {len(parquet)} in {table}.parquet"
        return [*found, Failure(table, None, CSV_MATCHES_PARQUET, counts, None)]
    for column in parquet.columns:
        if csv.columns.tolist().count(column) != 1 or parquet.columns.tolist().count(column) != 1:
            continue  # a column missing or repeated is the failure above
        rows = np.flatnonzero(_unequal(parquet[column], csv[column]))
        found.extend(
            Failure(
                table,
                column,
                CSV_MATCHES_PARQUET,
                f"{column}={_exact(c)} in {table}.csv, {_exact(p)} in {table}.parquet",
                key,
                rows=(row,),
            )
            for row, key, p, c in zip(
                rows.tolist(),
                row_keys(table, parquet.iloc[rows]),
                parquet[column].iloc[rows].tolist(),
                csv[column].iloc[rows].tolist(),
                strict=True,
            )
        )
    return found


def _unequal(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Where two columns hold different values; a missing value equals a missing value."""
    if a.dtype != b.dtype:
        # Nulls in one copy only (int64 against Int64), or a copy of the wrong type: value by value.
        return np.array([_exact(x) != _exact(y) for x, y in zip(a.tolist(), b.tolist(), strict=True)], bool)
    missing = a.isna().to_numpy(dtype=bool) & b.isna().to_numpy(dtype=bool)
    same = (a == b).fillna(False).to_numpy(dtype=bool)
    return ~(same | missing)


def _exact(value: object) -> str:
    """A value as a disagreement shows it: text in quotes, so that spaces and empty text show."""
    return repr(value) if isinstance(value, str) else _shown(value)


def _schema_failures(
    table: str, df: pd.DataFrame, model: type[pa.DataFrameModel], severity: Severity, only_own: bool = False
) -> list[Failure]:
    """The failures of `df` against `model`; with `only_own`, the model sees only its own columns.

    pandera reports a failing row of a dataframe check once per column it is given, and reshapes those
    reports slowly from Arrow-backed columns: a warning model given the whole table, as typed, spent
    most of the time of validating it there. (Its own columns' dtypes are the error model's concern.)
    """
    checked = df
    if only_own:
        checked = df[[c for c in model.to_schema().columns if c in df.columns]].astype(object)
    try:
        model.validate(checked, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    row_columns = ROW_CHECK_COLUMNS if severity is Severity.ERROR else WARNING_CHECK_COLUMNS
    checks = cases["check"].astype(str)
    structural = checks.isin(_COLUMN_CHECKS) | checks.str.startswith("dtype(")
    # A check that raised instead of answering has no row and a check number. When columns are
    # missing or mistyped that is their echo, already reported; otherwise it is a failure of its own.
    errored = cases["index"].isna() & cases["check_number"].notna() & ~structural
    if structural.any():
        cases, errored, structural = cases.loc[~errored], errored.loc[~errored], structural.loc[~errored]
    row_level = ~structural & ~errored & cases["index"].notna()
    found: list[Failure] = []

    # Failures of the table's shape, checks that raised, and anything else without a row: few, one by one.
    rowless = cases.loc[~row_level]
    for context, column, check, case, index, raised in zip(
        rowless["schema_context"],
        rowless["column"],
        rowless["check"],
        rowless["failure_case"],
        rowless["index"],
        errored.loc[~row_level],
        strict=True,
    ):
        if check in _COLUMN_CHECKS:
            found.append(Failure(table, str(case), check, str(case), None, severity))
        elif (dtype := _DTYPE_CHECK.fullmatch(str(check))) is not None:
            # Without a row, the case is the column's dtype; with one, a value of the wrong type. Either
            # way the column is unusable: the failure blocks the table, whatever row it names.
            row = None if pd.isna(index) else int(index)
            got = str(case) if row is None else repr(_plain(case))
            key = None if row is None else row_keys(table, df.loc[[row]])[0]
            found.append(
                Failure(table, column, "dtype", f"{got} (expected {dtype['expected']})", key, severity)
            )
        elif raised:
            column = None if context == "DataFrameSchema" else column
            found.append(Failure(table, column, str(check), str(case), None, severity))
        else:
            found.append(Failure(table, column, str(check), _plain(case), None, severity))

    rows_cases = cases.loc[row_level]
    if rows_cases.empty:
        return found
    rows_cases = rows_cases.assign(index=rows_cases["index"].astype(np.int64))
    indices = rows_cases["index"].unique()
    keys = dict(zip(indices.tolist(), row_keys(table, df.loc[indices]), strict=True))

    # Row-level (dataframe) checks: pandera reports one per column of the row; report each row once,
    # with the values of the columns the check reads.
    whole = rows_cases.loc[rows_cases["schema_context"] == "DataFrameSchema"]
    whole = whole.drop_duplicates(["check", "index"])
    for check, group in whole.groupby("check", sort=False):
        read = [c for c in row_columns.get(str(check), ()) if c in df.columns]
        rows = group["index"].to_numpy()
        values: list[str | None] = [
            " ".join(parts)
            for parts in zip(
                *([f"{c}={_shown(v)}" for v in df[c].to_numpy()[rows]] for c in read), strict=True
            )
        ] or [None] * len(rows)
        found.extend(
            Failure(
                table, ",".join(read) or None, str(check), value or None, keys[row], severity, (int(row),)
            )
            for row, value in zip(rows.tolist(), values, strict=True)
        )

    cells = rows_cases.loc[rows_cases["schema_context"] != "DataFrameSchema"]
    found.extend(
        Failure(table, column, str(check), _plain(case), keys[row], severity, (row,))
        for column, check, case, row in zip(
            cells["column"], cells["check"], cells["failure_case"], cells["index"].tolist(), strict=True
        )
    )
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


def _shown(value: object) -> str:
    """A value as a row-level failure shows it: missing values as `null`, whatever their dtype."""
    plain = _plain(value)
    return "null" if plain is None or (isinstance(value, float) and math.isnan(value)) else str(plain)


def shorten(text: str, width: int, ellipsis: str = "...") -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - len(ellipsis)] + ellipsis

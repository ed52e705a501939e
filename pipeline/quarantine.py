"""`--on-error quarantine`: split the tables into rows that pass and rows that break error-level rules.

What stays keeps its referential integrity: a row that refers to a quarantined row (a mention of a
quarantined entity, the participants of a quarantined event) follows it into quarantine, as far as the
foreign keys reach. A table whose failure names no row (a missing column, a wrong type) is held back
whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.schemas import MODELS, TABLES
from pipeline.schemas.catalog import QUARANTINED_REFERENCE, Severity
from pipeline.schemas.rules import FOREIGN_KEYS
from pipeline.tables import conform
from pipeline.validate import Report

# The column added to quarantined rows: the ids of the rules each row breaks.
RULES_COLUMN = "quarantine_rules"


@dataclass(frozen=True)
class Split:
    """The rows to write, and the rows held back with the rules they break."""

    kept: dict[str, pd.DataFrame]
    # Only tables with held-back rows; each row has RULES_COLUMN added.
    quarantined: dict[str, pd.DataFrame]

    def counts(self) -> dict[str, int]:
        """Quarantined rows per table, every contract table included."""
        return {table: len(self.quarantined.get(table, ())) for table in TABLES}


def quarantine(report: Report) -> Split:
    """Split the tables `report` validated: rows breaking an error-level rule, and rows referring to them."""
    tables = {t: df for t, df in report.tables.items() if t in MODELS}
    blocked = report.blocked()
    held: dict[str, np.ndarray] = {t: np.zeros(len(df), dtype=bool) for t, df in tables.items()}
    reasons: dict[str, dict[int, list[str]]] = {t: {} for t in tables}

    def hold(table: str, rows: np.ndarray, rule: str) -> None:
        held[table][rows] = True
        why = reasons[table]
        for row in rows.tolist():
            rules = why.setdefault(row, [])
            if rule not in rules:
                rules.append(rule)

    for failure in report.failures:
        if failure.severity is not Severity.ERROR or failure.table not in tables:
            continue
        if failure.table in blocked:
            if failure.blocking:
                hold(failure.table, np.arange(len(tables[failure.table])), failure.check)
        else:
            hold(failure.table, np.array(failure.rows, dtype=np.int64), failure.check)

    # Follow the foreign keys until no kept row refers to a held one.
    changed = True
    while changed:
        changed = False
        for (table, column), (target, target_column) in FOREIGN_KEYS.items():
            if table not in tables or column not in tables[table].columns:
                continue
            parent = tables.get(target)
            values = tables[table][column]
            if parent is None or target_column not in parent.columns:
                alive = pd.Series([], dtype=object)
            else:
                alive = parent[target_column][~held[target]]
            # A reference that never resolved is the foreign_key rule's failure, already held.
            dangling = (values.notna() & ~values.isin(alive)).to_numpy(dtype=bool) & ~held[table]
            if dangling.any():
                hold(table, np.flatnonzero(dangling), QUARANTINED_REFERENCE)
                changed = True

    kept: dict[str, pd.DataFrame] = {}
    quarantined: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        df = tables.get(table)
        if df is None or table in blocked:
            kept[table] = conform(table, [])
        else:
            kept[table] = df.loc[~held[table]].reset_index(drop=True)
        if df is not None and held[table].any():
            rows = np.flatnonzero(held[table])
            out = df.iloc[rows].reset_index(drop=True)
            out[RULES_COLUMN] = pd.Series([reasons[table][r] for r in rows.tolist()], dtype=object)
            quarantined[table] = out
    return Split(kept, quarantined)

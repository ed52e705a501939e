"""Every rule of the contract by its stable id: its table, severity, the columns it reads, and its meaning.

Nothing here is written by hand twice: the rules are read off the pandera models (`models.py`,
`warnings.py`) and the cross-table rules (`rules.py`); a check's description is its method's docstring.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from enum import StrEnum

import pandera.pandas as pa
from pipeline.schemas import MODELS
from pipeline.schemas.models import ROW_CHECK_COLUMNS
from pipeline.schemas.rules import RULES
from pipeline.schemas.warnings import WARNING_CHECK_COLUMNS, WARNING_MODELS


class Severity(StrEnum):
    """How much a broken rule matters: an error breaks the contract; a warning asks for a look."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class RuleSpec:
    """One rule of one table."""

    table: str
    rule: str
    severity: Severity
    columns: tuple[str, ...]
    description: str


# Checks of a table's shape, made by pandera and the validator on every table. Their failures name no
# row: they block the whole table.
SHAPE_RULES: dict[str, str] = {
    "table_present": "The table is there.",
    "table_type": "The table is a data frame.",
    "known_table": "No table outside the contract.",
    "column_in_dataframe": "Every column of the contract is there.",
    "column_in_schema": "No column outside the contract.",
    "column_ordered": "The columns are in the contract's order.",
    "dtype": "Every column has the contract's type.",
}

NOT_NULLABLE = "not_nullable"

# Findings about the input rather than a table: what a run left out, and why. Each is a warning.
INPUT = "input"
FILE_SKIPPED = "file_skipped"
RECORD_SKIPPED = "record_skipped"
DUPLICATE_ARTICLE = "duplicate_article"
FIELD_IGNORED = "field_ignored"
INPUT_RULES: dict[str, str] = {
    FILE_SKIPPED: "A file found in an input folder that cannot be read as articles (empty, binary, not "
    "UTF-8, unreadable, or without one readable record) is left out.",
    RECORD_SKIPPED: "A JSON Lines record that is not an article (a blank line, not JSON, not an object, "
    "no text, text that is not a string or is empty or too long) is left out.",
    DUPLICATE_ARTICLE: "An article whose text was already read is read once.",
    FIELD_IGNORED: "An article is read without a field of its record that is not what it should be "
    "(published that is not a date, a title that is not text).",
}

# Not a check of the data as produced: the reason a row follows another into quarantine.
QUARANTINED_REFERENCE = "references_quarantined"
QUARANTINED_REFERENCE_DESCRIPTION = (
    "A reference to a row quarantined for another rule: the row goes to quarantine with it, so that "
    "every foreign key of what is written resolves."
)


def _description(model: type[pa.DataFrameModel], check: str) -> str:
    return inspect.getdoc(getattr(model, check, None)) or ""


def _model_rules(
    table: str,
    model: type[pa.DataFrameModel],
    severity: Severity,
    row_columns: dict[str, tuple[str, ...]],
) -> list[RuleSpec]:
    schema = model.to_schema()
    found: list[RuleSpec] = []
    if severity is Severity.ERROR:
        required = tuple(name for name, column in schema.columns.items() if not column.nullable)
        found.append(RuleSpec(table, NOT_NULLABLE, severity, required, "Never null."))
    for name, column in schema.columns.items():
        found.extend(
            RuleSpec(table, check.name, severity, (name,), _description(model, check.name))
            for check in column.checks
        )
    found.extend(
        RuleSpec(table, check.name, severity, row_columns[check.name], _description(model, check.name))
        for check in schema.checks
    )
    return found


def table_rules(table: str) -> list[RuleSpec]:
    """The rules of `table`, errors first; a rule on several columns is listed once, with all of them."""
    found = _model_rules(table, MODELS[table], Severity.ERROR, ROW_CHECK_COLUMNS)
    found.extend(
        RuleSpec(table, rule.check, Severity(rule.severity), rule.columns, rule.description)
        for rule in RULES
        if rule.table == table
    )
    if table in WARNING_MODELS:
        found.extend(_model_rules(table, WARNING_MODELS[table], Severity.WARNING, WARNING_CHECK_COLUMNS))
    merged: dict[str, RuleSpec] = {}
    for spec in found:
        seen = merged.get(spec.rule)
        if seen is None:
            merged[spec.rule] = spec
        else:
            columns = seen.columns + tuple(c for c in spec.columns if c not in seen.columns)
            merged[spec.rule] = RuleSpec(table, spec.rule, seen.severity, columns, seen.description)
    return list(merged.values())


def describe(table: str, rule: str) -> str:
    """What `rule` of `table` means, in one sentence; empty for a rule the contract does not know."""
    if rule in SHAPE_RULES:
        return SHAPE_RULES[rule]
    if rule == QUARANTINED_REFERENCE:
        return QUARANTINED_REFERENCE_DESCRIPTION
    if table == INPUT:
        return INPUT_RULES.get(rule, "")
    if table in MODELS:
        for spec in table_rules(table):
            if spec.rule == rule:
                return spec.description
    return ""

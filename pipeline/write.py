"""Write and read the output folder: Parquet and CSV per table, swapped in whole on success."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from pipeline.contract import DATAPACKAGE, arrow_schema, datapackage, dumps
from pipeline.errors import InputError, OutputError
from pipeline.schemas import MODELS, TABLES

MANIFEST = "manifest.json"
METADATA_KEY = b"pipeline"
# Run metadata also stored key by key, for readers that show Parquet key-value metadata as it is.
_FLAT_METADATA = ("pipeline_version", "schema_version", "run_id", "created", "settings")
# RFC 4180: CRLF line ends; fields quoted when they are text (Arrow's CSV writer, ten times pandas' speed).
CSV_OPTIONS = pcsv.WriteOptions(eol="\r\n", quoting_style="needed")


def file_metadata(metadata: Mapping[str, Any]) -> dict[bytes, bytes]:
    """The Parquet key-value metadata of every file of a run."""
    flat = {
        key.encode(): (value if isinstance(value, str) else json.dumps(value, sort_keys=True)).encode()
        for key, value in metadata.items()
        if key in _FLAT_METADATA
    }
    if b"settings" in flat:
        flat[b"extraction_settings"] = flat.pop(b"settings")
    return {METADATA_KEY: json.dumps(metadata, sort_keys=True).encode(), **flat}


def _arrow(frame: pd.DataFrame, metadata: Mapping[str, Any], table: str | None = None) -> pa.Table:
    """`frame` as Arrow, typed by the contract when it holds a contract table (plus any extra columns)."""
    try:
        arrow = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Mixed values in one column (only in quarantined tables of the wrong shape): keep them as text.
        mixed = [c for c in frame.columns if frame[c].dtype == object]
        arrow = pa.Table.from_pandas(frame.astype(dict.fromkeys(mixed, "str")), preserve_index=False)
    contract = arrow_schema(table) if table is not None and table in MODELS else pa.schema([])
    fields = [
        pa.field(f.name, contract.field(f.name).type if f.name in contract.names else _portable(f.type))
        for f in arrow.schema
    ]
    try:
        return arrow.cast(pa.schema(fields, metadata=file_metadata(metadata)))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        # A column of the wrong type (a table that failed validation, written as it is): its own type.
        fields = [pa.field(f.name, _portable(f.type)) for f in arrow.schema]
        return arrow.cast(pa.schema(fields, metadata=file_metadata(metadata)))


def _csv_columns(arrow: pa.Table) -> pa.Table:
    """`arrow` as its CSV copy spells it: doubles always as floats, list and struct columns as text.

    Arrow writes a whole double without a decimal point (`790000000`), which DuckDB, Polars and pandas
    then read as an integer column; `.0` is added to those, and every other double keeps Arrow's
    shortest exact form (`0.95`, `2.5e+10`), which every reader parses back to the same double. As
    text, Arrow's writer quotes them; the readers take a quoted number for a number all the same.
    Only a table that failed validation, written as it is for inspection, has nested columns.
    """
    for i, field in enumerate(arrow.schema):
        if pa.types.is_floating(field.type):
            text = pc.cast(arrow.column(i), pa.string())
            whole = pc.match_substring_regex(text, r"^-?[0-9]+$")
            text = pc.if_else(whole, pc.binary_join_element_wise(text, ".0", ""), text)
            arrow = arrow.set_column(i, pa.field(field.name, pa.string()), text)
        elif pa.types.is_nested(field.type):
            text = [None if v is None else str(v) for v in arrow.column(i).to_pylist()]
            arrow = arrow.set_column(i, pa.field(field.name, pa.string()), pa.array(text, pa.string()))
    return arrow


def _portable(kind: pa.DataType) -> pa.DataType:
    # Timestamps as microseconds in UTC, what Spark, DuckDB and Polars all read the same way.
    if pa.types.is_timestamp(kind):
        return pa.timestamp("us", tz="UTC")
    # pandas 3 strings arrive as large_string; plain string is what every Parquet reader expects.
    if pa.types.is_large_string(kind):
        return pa.string()
    return kind


def _check_replaceable(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: output path exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        # Replacing a folder of someone else's files would destroy them: only our own output is swapped.
        raise OutputError(
            f"{out}: folder holds files not written by pipeline (no {MANIFEST}); choose another --out"
        )


class Staging:
    """An output folder written batch by batch beside its destination, then swapped in whole.

    Tables grow by Parquet row groups and CSV rows as batches arrive, so memory stays flat however
    long the input; nothing is visible at the destination until `finish`.
    """

    def __init__(self, out: Path, metadata: Mapping[str, Any]) -> None:
        _check_replaceable(out)
        self.metadata = metadata
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
        except OSError as exc:
            # The output is staged beside its destination, so its parent folder must take new files.
            raise OutputError(f"cannot write to {out.parent}/: {exc.strerror or exc}") from None
        self.folder.chmod(0o755)  # mkdtemp makes it private; the output is an ordinary folder
        self._parquet: dict[str, pq.ParquetWriter] = {}
        self._csv: dict[str, pcsv.CSVWriter] = {}
        self.tables: list[str] = []
        self.files: list[str] = []

    def append(self, name: str, frame: pd.DataFrame) -> None:
        """Add the rows of contract table `name`: to NAME.parquet and NAME.csv."""
        if name not in self.tables:
            self.tables.append(name)
        arrow = _csv_columns(self._parquet_rows(f"{name}.parquet", frame, name))
        writer = self._csv.get(name)
        if writer is None:
            path = self.folder / f"{name}.csv"
            writer = self._csv[name] = pcsv.CSVWriter(path, arrow.schema, write_options=CSV_OPTIONS)
        writer.write_table(arrow)

    def append_frame(self, relative: str, frame: pd.DataFrame, schema: pa.Schema | None = None) -> None:
        """Add rows to a Parquet file by relative path (e.g. quarantine/mentions.parquet).

        `schema` fixes the file's types where a batch alone cannot tell them (an empty list column).
        """
        path = Path(relative)
        table = path.stem if path.parent.name == "quarantine" else None
        self._parquet_rows(relative, frame, table, schema)

    def _parquet_rows(
        self, relative: str, frame: pd.DataFrame, table: str | None, schema: pa.Schema | None = None
    ) -> pa.Table:
        """Add `frame` to a Parquet file; return it as written (as Arrow, typed as the file is)."""
        arrow = _arrow(frame, self.metadata, table)
        if schema is not None:
            arrow = arrow.cast(schema.with_metadata(arrow.schema.metadata))
        writer = self._parquet.get(relative)
        if writer is None:
            (self.folder / relative).parent.mkdir(parents=True, exist_ok=True)
            writer = self._parquet[relative] = pq.ParquetWriter(self.folder / relative, arrow.schema)
            self.files.append(relative)
        elif arrow.schema != writer.schema:
            arrow = arrow.cast(writer.schema)  # the same columns, typed as the first batch's were
        writer.write_table(arrow)
        return arrow

    def finish(
        self,
        out: Path,
        documents: Mapping[str, Any],
        *,
        texts: Mapping[str, str] | None = None,
        frames: Mapping[str, pd.DataFrame] | None = None,
        schemas: Mapping[str, pa.Schema] | None = None,
        manifest: Mapping[str, Any] | None = None,
    ) -> None:
        """Write the run's documents, close every file, and swap the folder in for `out`.

        `manifest` adds entries to manifest.json (what the run read, beside what it wrote).
        """
        for relative, frame in (frames or {}).items():
            self.append_frame(relative, frame, schemas.get(relative) if schemas else None)
        self._close()
        for filename, text in (texts or {}).items():
            (self.folder / filename).write_text(text, encoding="utf-8")
        listing = {**self.metadata, **(manifest or {}), "tables": list(self.tables)}
        json_files = {**documents, DATAPACKAGE: datapackage(self.metadata), MANIFEST: listing}
        tables_files = [f"{t}.csv" for t in self.tables]
        listing["files"] = sorted([*tables_files, *self.files, *(texts or {}), *json_files])
        for filename, document in json_files.items():
            (self.folder / filename).write_text(dumps(document), encoding="utf-8")
        _check_replaceable(out)
        _swap(self.folder, out)

    def abort(self) -> None:
        """Drop everything written so far; the destination was never touched."""
        # The run is failing already: its own error is the one to tell, not a writer's on closing.
        with contextlib.suppress(Exception):
            self._close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _close(self) -> None:
        # Every writer gets its close, even when one fails (a full disk): the first failure is raised.
        failure: Exception | None = None
        for writer in [*self._parquet.values(), *self._csv.values()]:
            try:
                writer.close()
            except Exception as exc:
                failure = failure or exc
        self._parquet.clear()
        self._csv.clear()
        if failure is not None:
            raise failure


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.replace(out, retired / out.name)
    os.replace(staging, out)
    shutil.rmtree(retired, ignore_errors=True)


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow to pandas without coercion: a wrong type in a file must reach validation as it is."""
    frame = table.to_pandas(
        date_as_object=False,
        types_mapper={pa.int64(): pd.Int64Dtype(), pa.string(): pd.StringDtype(na_value=float("nan"))}.get,
    )
    for column in frame.columns:
        series = frame[column]
        if isinstance(series.dtype, pd.Int64Dtype) and not series.isna().any():
            frame[column] = series.astype("int64")  # nullable only where the data has nulls
        elif str(series.dtype).startswith("datetime64"):
            # Seconds, as the pipeline builds them: nanoseconds cannot hold dates before 1677.
            frame[column] = series.astype("datetime64[s]")
    return frame


def read_output(out: Path) -> dict[str, pd.DataFrame]:
    """The tables in an output folder, read from Parquet; a missing table is left for validation to report."""
    if not out.is_dir():
        raise InputError(out, "no such output folder")
    tables = {}
    for name in TABLES:
        path = out / f"{name}.parquet"
        if not path.is_file():
            continue
        try:
            tables[name] = _to_pandas(pq.read_table(path))
        except (OSError, pa.ArrowInvalid) as exc:
            raise InputError(path, f"not a readable Parquet file ({exc})") from None
    if not tables:
        raise InputError(out, f"no table files ({', '.join(t + '.parquet' for t in MODELS)}) in folder")
    return tables


def read_csv(path: Path, table: str) -> pd.DataFrame:
    """Contract table `table` from its CSV copy, typed by the contract, as `read_output` gives Parquet's.

    Raises `pa.ArrowInvalid` when the text is not such a table (a value not of its column's type, a row
    of the wrong length), and `InputError` when the file cannot be read at all.
    """
    try:
        size = path.stat().st_size
        arrow = pcsv.read_csv(
            path,
            # A row must fit in one block, and an article's text can run to megabytes.
            read_options=pcsv.ReadOptions(block_size=min(max(size, 1 << 20), 1 << 30)),
            parse_options=pcsv.ParseOptions(newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(
                column_types=arrow_schema(table),
                # As the copies are written: an empty field is a missing value, a quoted one ("") text.
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=False,
                true_values=["true"],
                false_values=["false"],
            ),
        )
    except OSError as exc:
        raise InputError(path, f"not a readable file ({exc})") from None
    return _to_pandas(arrow)


def write_table(out: Path, name: str, frame: pd.DataFrame, metadata: Mapping[str, Any] | None = None) -> None:
    """Replace contract table `name` in an output folder: NAME.parquet and NAME.csv, as a run writes them.

    For a table edited after the run (by hand, or by a test); a run writes through `Staging`.
    """
    arrow = _arrow(frame, metadata or {}, name)
    pq.write_table(arrow, out / f"{name}.parquet")
    pcsv.write_csv(_csv_columns(arrow), out / f"{name}.csv", CSV_OPTIONS)

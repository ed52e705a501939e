"""Warning rules: facts that pass the contract but deserve a reviewer's look, one model per table.

Each model reads only the columns its checks need and runs, lazily, after the table's error model
(`models.py`) has passed on its shape, so a warning never repeats an error. A warning names its rows,
like an error, but never fails a run unless `--fail-on warning` asks for it.
"""

import re
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series


class _Warnings(pa.DataFrameModel):
    """Shared config: other columns are allowed (the error model judges them), in any order.

    Every column is nullable and of any dtype here: a null where the contract forbids one, or a wrong
    dtype, is the error model's failure. (Validation hands these models their columns as Python
    objects: pandera reshapes the failures of a row-level check ~40 times faster from those.)
    """

    class Config:
        strict = False
        coerce = False
        ordered = False


# Markup left in a text: a tag of HTML's common elements, opening or closing, or a character entity.
# (Patterns, not a parser: an HTML parser reads any "<" in prose as the start of a tag.) Two patterns,
# each starting with its one literal character, which the regex engine finds ten times faster than
# it tries an alternation at every position.
HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|b|i|em|strong|u|ul|ol|li|h[1-6]|table|thead|tbody|tr|td|th|img|script|"
    r"style|html|body|head|meta|link|iframe|section|article|header|footer|nav|figure|figcaption|"
    r"blockquote)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
HTML_ENTITY = re.compile(r"&(?:nbsp|amp|quot|lt|gt|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


class ArticlesWarnings(_Warnings):
    """Articles the pipeline is not made for: its facts from them are likely wrong."""

    language: Series[Any] = pa.Field(nullable=True)
    text: Series[Any] = pa.Field(nullable=True)

    @pa.dataframe_check(name="article_not_english", ignore_na=False)
    def article_not_english(cls, df: pd.DataFrame) -> pd.Series:
        """The language detector is sure the article is not in English: the extractors read English only."""
        return df["language"].isna() | (df["language"] == "en")

    @pa.check("text", name="article_looks_like_html")
    def article_looks_like_html(cls, values: pd.Series) -> pd.Series:
        """The text holds HTML markup (tags or entities): the pipeline reads text, not web pages."""
        text = values.astype(str)
        return ~(text.str.contains(HTML_TAG, regex=True) | text.str.contains(HTML_ENTITY, regex=True))


class EntitiesWarnings(_Warnings):
    """Entities that rest on the text alone."""

    kind: Series[Any] = pa.Field(nullable=True)
    in_reference: Series[Any] = pa.Field(nullable=True)

    @pa.dataframe_check(name="person_not_in_reference", ignore_na=False)
    def person_not_in_reference(cls, df: pd.DataFrame) -> pd.Series:
        """A person the reference data does not know: the name and its spelling come from the text."""
        return (df["kind"] != "person") | df["in_reference"].astype(bool)


class DatesWarnings(_Warnings):
    """Dates the pipeline could not place on the calendar."""

    value: Series[Any] = pa.Field(nullable=True)

    @pa.check("value", name="date_unanchored")
    def date_unanchored(cls, values: pd.Series) -> pd.Series:
        """A relative date ("Tuesday", "next month") that could not be anchored: the article has no date."""
        return ~values.str.contains("XXXX", regex=False).astype(bool)


class EventsWarnings(_Warnings):
    """Events with a missing circumstance."""

    place_id: Series[Any] = pa.Field(nullable=True)

    # A column check would skip the nulls it is about: pandera drops them before checking. So would a
    # dataframe check on this one column, by default (it drops the rows that are all null).
    @pa.dataframe_check(name="event_without_place", ignore_na=False)
    def event_without_place(cls, df: pd.DataFrame) -> pd.Series:
        """An event whose place the text does not give."""
        return df["place_id"].notna()


class FiguresWarnings(_Warnings):
    """Figures whose unit is missing."""

    kind: Series[Any] = pa.Field(nullable=True)
    unit: Series[Any] = pa.Field(nullable=True)

    @pa.dataframe_check(name="money_without_currency", ignore_na=False)
    def money_without_currency(cls, df: pd.DataFrame) -> pd.Series:
        """An amount of money whose currency the text does not give."""
        return (df["kind"] != "money") | df["unit"].notna()


WARNING_MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": ArticlesWarnings,
    "entities": EntitiesWarnings,
    "dates": DatesWarnings,
    "events": EventsWarnings,
    "figures": FiguresWarnings,
}

# The columns each row-level warning reads, shown side by side in reports (as ROW_CHECK_COLUMNS).
WARNING_CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "article_not_english": ("language",),
    "person_not_in_reference": ("kind", "in_reference"),
    "event_without_place": ("place_id",),
    "money_without_currency": ("kind", "unit"),
}

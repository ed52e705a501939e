"""One pandera model per output table: its columns in order, their dtypes, and the checks within a row."""

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series
from pipeline.schemas.codes import COUNTRY_CODES, CURRENCY_CODES

EVENT_ROLES = ("actor", "target", "participant")
ENTITY_KINDS = ("person", "organization", "country", "place", "facility", "group", "event_name", "other")
METHODS = (
    "exact",
    "alias",
    "fuzzy",
    "surname",
    "coreference",
    "role",
    "demonym",
    "dateline",
    "model",
    "context",
)
DATE_KINDS = ("date", "range", "duration", "set", "vague")
FIGURE_KINDS = ("money", "percent", "ordinal", "cardinal", "quantity")

HEX16 = r"[0-9a-f]{16}"
HEX64 = r"[0-9a-f]{64}"
ENTITY_ID = r"[a-z]+:[A-Za-z0-9._-]+"
CAMEO = r"\d{2,4}"
# TIMEX3-ish values: calendar dates (optionally with a time), ISO weeks, quarters, seasons and halves,
# decades and centuries (201X, 19XX), unanchored patterns (XXXX-XX-XX, XXXX-WXX-1), durations,
# the three document-relative references, and ranges of any of these.
TIMEX = (
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\S+)?)?)?"
    r"|\d{4}-W\d{2}|\d{4}-Q[1-4]|\d{4}-(?:SP|SU|FA|WI|H[12])"
    r"|\d{2,3}X{1,2}|X{4}.*|P.*|PRESENT_REF|PAST_REF|FUTURE_REF|\S+/\S+"
)
# A calendar date or month inside a value; the lookarounds keep it from matching inside longer numbers.
_CALENDAR_PART = r"(?<![\dX])(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)"
# How a text writes a negative number: "-$3 million", "minus 5%", or with the minus sign U+2212.
NEGATIVE_TEXT = r"[-\u2212]|(?i:\bminus\b)"

# The columns each row-level (dataframe) check reads: a report shows their values side by side
# instead of pandera's one failure case per column of the row.
ROW_CHECK_COLUMNS: dict[str, tuple[str, ...]] = {
    "article_id_is_sha256_prefix": ("article_id", "sha256"),
    "country_has_code": ("kind", "country_code"),
    "canonical_entity": ("entity_id", "kind", "canonical_id"),
    "speaker_span": ("speaker_id", "speaker_start", "speaker_end"),
    "text_differs_from_name": ("text", "name"),
    "start_before_end": ("start", "end"),
    "dates_ordered": ("start_date", "end_date"),
    "dates_both_or_neither": ("start_date", "end_date"),
    "negative_as_written": ("text", "value"),
    "money_unit_iso4217": ("kind", "unit"),
    "percent_unit": ("kind", "unit"),
}


def _full_match(values: pd.Series, pattern: str) -> pd.Series:
    return values.str.fullmatch(pattern).astype(bool)


def _not_blank(values: pd.Series) -> pd.Series:
    return values.str.strip().str.len() > 0


def _is_date(values: pd.Series) -> pd.Series:
    # Dates travel as datetime64 only because pandas has no date dtype: a time of day would be lost
    # when the writer casts them to Parquet date32.
    return values == values.dt.normalize()


def _real_calendar_dates(values: pd.Series) -> pd.Series:
    # Each distinct value once: a batch repeats the same few dates thousands of times.
    distinct = pd.Series(values.dropna().unique(), dtype="str")
    parts = distinct.str.extractall(_CALENDAR_PART)
    if parts.empty:
        return pd.Series(True, index=values.index)
    iso = parts[0] + "-" + parts[1] + "-" + parts[2].fillna("01")
    real = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").notna()
    unreal = distinct.iloc[sorted(set(real.index[~real].get_level_values(0)))]
    return ~values.isin(unreal)


# Every check method is named after its check: pandera 0.35 (CheckInfo.to_check) pops `name=` from
# kwargs shared by all subclasses, so the second model inheriting a check falls back to __name__.


class _Table(pa.DataFrameModel):
    """Shared config: exact columns, in order, with exact dtypes; nothing is coerced."""

    class Config:
        strict = True
        coerce = False
        ordered = True


class _Spanned(_Table):
    """Checks of the `start`/`end` character offsets every span table carries."""

    @pa.check("start", name="non_negative")
    def non_negative(cls, start: pd.Series) -> pd.Series:
        """Offsets count characters from the start of the article: never negative."""
        return start >= 0

    @pa.dataframe_check(name="start_before_end")
    def start_before_end(cls, df: pd.DataFrame) -> pd.Series:
        """A span is at least one character long: `start < end`."""
        return df["start"] < df["end"]


class _Dated(_Table):
    """Checks of a `start_date`/`end_date` interval."""

    @pa.check("start_date", "end_date", name="date_only")
    def date_only(cls, values: pd.Series) -> pd.Series:
        """A date, without a time of day."""
        return _is_date(values)

    @pa.dataframe_check(name="dates_ordered")
    def dates_ordered(cls, df: pd.DataFrame) -> pd.Series:
        """An interval does not end before it starts: `start_date <= end_date`."""
        # An open interval (one end null) is judged by dates_both_or_neither where that applies.
        start, end = df["start_date"], df["end_date"]
        return start.isna() | end.isna() | (start <= end)


class ArticlesModel(_Table):
    """One row per article read."""

    article_id: Series[str] = pa.Field()
    source_path: Series[str] = pa.Field()
    source_line: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    source_id: Series[str] = pa.Field(nullable=True)
    source_name: Series[str] = pa.Field(nullable=True)
    dateline_place: Series[str] = pa.Field(nullable=True)
    published: Series[pd.Timestamp] = pa.Field(nullable=True)
    title: Series[str] = pa.Field(nullable=True)
    text: Series[str] = pa.Field()
    n_sentences: Series[int] = pa.Field()
    language: Series[str] = pa.Field(nullable=True)
    sha256: Series[str] = pa.Field()

    @pa.check("article_id", name="article_id_format")
    def article_id_format(cls, values: pd.Series) -> pd.Series:
        """16 lowercase hex digits."""
        return _full_match(values, HEX16)

    @pa.check("sha256", name="sha256_format")
    def sha256_format(cls, values: pd.Series) -> pd.Series:
        """64 lowercase hex digits."""
        return _full_match(values, HEX64)

    @pa.check("source_path", name="not_blank")
    def not_blank(cls, values: pd.Series) -> pd.Series:
        """Not empty or only spaces."""
        return _not_blank(values)

    @pa.check("source_line", name="positive")
    def positive(cls, values: pd.Series) -> pd.Series:
        """Line numbers count from 1."""
        # Lines are numbered from 1, as editors and error messages count them.
        return values >= 1

    @pa.check("published", name="date_only")
    def date_only(cls, values: pd.Series) -> pd.Series:
        """A date, without a time of day."""
        return _is_date(values)

    @pa.check("n_sentences", name="non_negative")
    def non_negative(cls, values: pd.Series) -> pd.Series:
        """A count: never negative."""
        return values >= 0

    @pa.check("language", name="language_code")
    def language_code(cls, values: pd.Series) -> pd.Series:
        """An ISO 639 code (two or three lowercase letters), as the language detector gives it."""
        return _full_match(values, r"[a-z]{2,3}")

    @pa.dataframe_check(name="article_id_is_sha256_prefix")
    def article_id_is_sha256_prefix(cls, df: pd.DataFrame) -> pd.Series:
        """The id is the first 16 hex digits of the text's SHA-256."""
        return df["article_id"] == df["sha256"].str[:16]


class EntitiesModel(_Table):
    """One row per real-world entity, shared by all articles."""

    entity_id: Series[str] = pa.Field()
    kind: Series[str] = pa.Field()
    name: Series[str] = pa.Field()
    country_code: Series[str] = pa.Field(nullable=True)
    in_reference: Series[bool] = pa.Field()
    canonical_id: Series[str] = pa.Field()

    @pa.check("entity_id", name="entity_id_format")
    def entity_id_format(cls, values: pd.Series) -> pd.Series:
        """`kind:slug`, e.g. `person:ana-robles`."""
        return _full_match(values, ENTITY_ID)

    @pa.check("kind", name="known_kind")
    def known_kind(cls, values: pd.Series) -> pd.Series:
        """One of the entity kinds the contract lists."""
        return values.isin(ENTITY_KINDS)

    @pa.check("name", name="not_blank")
    def not_blank(cls, values: pd.Series) -> pd.Series:
        """Not empty or only spaces."""
        return _not_blank(values)

    @pa.check("country_code", name="iso3166_alpha3")
    def iso3166_alpha3(cls, values: pd.Series) -> pd.Series:
        """An ISO 3166-1 alpha-3 code (or ISO 3166-3 for a former country)."""
        return values.isin(COUNTRY_CODES)

    @pa.dataframe_check(name="country_has_code")
    def country_has_code(cls, df: pd.DataFrame) -> pd.Series:
        """A country always has its country code."""
        return (df["kind"] != "country") | df["country_code"].notna()

    @pa.dataframe_check(name="canonical_entity")
    def canonical_entity(cls, df: pd.DataFrame) -> pd.Series:
        """`canonical_id` is the `entity_id` of a row of the same kind whose own `canonical_id` is itself:
        one person named two ways in two articles ("Recep Erdogan", "Recep Tayyip Erdogan") has one."""
        target = df.set_index("entity_id")
        target = target.loc[~target.index.duplicated()]
        kind = df["canonical_id"].map(target["kind"])
        final = df["canonical_id"].map(target["canonical_id"])
        return (kind == df["kind"]) & (final == df["canonical_id"])


class MentionsModel(_Spanned):
    """One row per span of text resolved to an entity."""

    article_id: Series[str] = pa.Field()
    entity_id: Series[str] = pa.Field()
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()
    sentence_id: Series[int] = pa.Field()
    method: Series[str] = pa.Field()
    score: Series[float] = pa.Field()

    # Overrides the inherited offset check, so it names `start` again.
    @pa.check("start", "sentence_id", name="non_negative")
    def non_negative(cls, values: pd.Series) -> pd.Series:
        """Offsets and sentence numbers are never negative."""
        return values >= 0

    @pa.check("method", name="known_method")
    def known_method(cls, values: pd.Series) -> pd.Series:
        """One of the resolution methods the contract lists."""
        return values.isin(METHODS)

    @pa.check("score", name="unit_interval")
    def unit_interval(cls, values: pd.Series) -> pd.Series:
        """A score between 0 and 1."""
        return values.between(0.0, 1.0)


class CorrectionsModel(_Table):
    """One row per spelling variant normalized to its entity's canonical name, per article."""

    article_id: Series[str] = pa.Field()
    entity_id: Series[str] = pa.Field()
    text: Series[str] = pa.Field()
    name: Series[str] = pa.Field()
    method: Series[str] = pa.Field()
    count: Series[int] = pa.Field()
    score: Series[float] = pa.Field()
    evidence: Series[str] = pa.Field()

    @pa.check("text", "name", name="not_blank")
    def not_blank(cls, values: pd.Series) -> pd.Series:
        """Not empty or only spaces."""
        return _not_blank(values)

    @pa.check("method", name="known_method")
    def known_method(cls, values: pd.Series) -> pd.Series:
        """One of the resolution methods the contract lists."""
        return values.isin(METHODS)

    @pa.check("count", name="positive")
    def positive(cls, values: pd.Series) -> pd.Series:
        """A variant that was corrected occurs at least once."""
        return values >= 1

    @pa.check("score", name="unit_interval")
    def unit_interval(cls, values: pd.Series) -> pd.Series:
        """A score between 0 and 1."""
        return values.between(0.0, 1.0)

    @pa.dataframe_check(name="text_differs_from_name")
    def text_differs_from_name(cls, df: pd.DataFrame) -> pd.Series:
        """A correction changes the spelling: the variant differs from the name."""
        return df["text"] != df["name"]


class RolesModel(_Spanned):
    """One row per title held by a person, as stated in an article."""

    article_id: Series[str] = pa.Field()
    person_id: Series[str] = pa.Field()
    title: Series[str] = pa.Field()
    of_id: Series[str] = pa.Field(nullable=True)
    to_id: Series[str] = pa.Field(nullable=True)
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()

    @pa.check("title", name="not_blank")
    def not_blank(cls, values: pd.Series) -> pd.Series:
        """Not empty or only spaces."""
        return _not_blank(values)


class DatesModel(_Spanned, _Dated):
    """One row per temporal expression, with its TIMEX3 value and the interval it covers."""

    article_id: Series[str] = pa.Field()
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()
    kind: Series[str] = pa.Field()
    value: Series[str] = pa.Field()
    start_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    end_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    granularity: Series[str] = pa.Field(nullable=True)

    @pa.check("kind", name="known_kind")
    def known_kind(cls, values: pd.Series) -> pd.Series:
        """One of the date kinds the contract lists."""
        return values.isin(DATE_KINDS)

    @pa.check("value", name="timex_format")
    def timex_format(cls, values: pd.Series) -> pd.Series:
        """A TIMEX3-style value."""
        return _full_match(values, TIMEX)

    @pa.check("value", name="real_date")
    def real_date(cls, values: pd.Series) -> pd.Series:
        """Every calendar date or month in the value exists (no 2021-02-30)."""
        return _real_calendar_dates(values)

    @pa.dataframe_check(name="dates_both_or_neither")
    def dates_both_or_neither(cls, df: pd.DataFrame) -> pd.Series:
        """The interval is closed: both ends or neither."""
        # A date's interval is always closed: an open end means normalization gave up half way.
        return df["start_date"].isna() == df["end_date"].isna()


class FiguresModel(_Spanned):
    """One row per number in an article, with its normalized value and unit."""

    article_id: Series[str] = pa.Field()
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()
    kind: Series[str] = pa.Field()
    value: Series[float] = pa.Field()
    unit: Series[str] = pa.Field(nullable=True)

    @pa.check("kind", name="known_kind")
    def known_kind(cls, values: pd.Series) -> pd.Series:
        """One of the figure kinds the contract lists."""
        return values.isin(FIGURE_KINDS)

    @pa.check("value", name="finite")
    def finite(cls, values: pd.Series) -> pd.Series:
        """A finite number (no infinity)."""
        return pd.Series(np.isfinite(values.to_numpy()), index=values.index)

    @pa.dataframe_check(name="negative_as_written")
    def negative_as_written(cls, df: pd.DataFrame) -> pd.Series:
        """A negative value is written negative: its text has a minus sign (- or U+2212) or the word minus."""
        # Zero and negative figures are what texts say ("a $0 down payment", "a loss of -$3 million"); a
        # sign the text does not write is one the pipeline made up. NaN is left to `finite`.
        return ~(df["value"] < 0) | df["text"].str.contains(NEGATIVE_TEXT, regex=True)

    @pa.dataframe_check(name="money_unit_iso4217")
    def money_unit_iso4217(cls, df: pd.DataFrame) -> pd.Series:
        """The currency of an amount of money, when known, is an ISO 4217 code."""
        # A missing currency is the warning money_without_currency: the figure is still worth keeping.
        return (df["kind"] != "money") | df["unit"].isna() | df["unit"].isin(CURRENCY_CODES)

    @pa.dataframe_check(name="percent_unit")
    def percent_unit(cls, df: pd.DataFrame) -> pd.Series:
        """A percentage has the unit `percent`."""
        return (df["kind"] != "percent") | (df["unit"] == "percent")


class EventsModel(_Spanned, _Dated):
    """One row per event, anchored on its trigger span."""

    event_id: Series[str] = pa.Field()
    article_id: Series[str] = pa.Field()
    kind: Series[str] = pa.Field()
    cameo: Series[str] = pa.Field(nullable=True)
    start_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    end_date: Series[pd.Timestamp] = pa.Field(nullable=True)
    place_id: Series[str] = pa.Field(nullable=True)
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()

    @pa.check("event_id", "kind", name="not_blank")
    def not_blank(cls, values: pd.Series) -> pd.Series:
        """Not empty or only spaces."""
        return _not_blank(values)

    @pa.check("cameo", name="cameo_format")
    def cameo_format(cls, values: pd.Series) -> pd.Series:
        """A CAMEO event code: 2 to 4 digits."""
        return _full_match(values, CAMEO)


class EventParticipantsModel(_Table):
    """One row per entity taking part in an event, with its role."""

    event_id: Series[str] = pa.Field()
    entity_id: Series[str] = pa.Field()
    role: Series[str] = pa.Field()

    @pa.check("role", name="known_role")
    def known_role(cls, values: pd.Series) -> pd.Series:
        """One of the sides the contract lists: `actor`, `target`, or `participant` (a side the text
        does not tell)."""
        return values.isin(EVENT_ROLES)


class QuotesModel(_Spanned):
    """One row per direct quotation, with its speaker when known."""

    article_id: Series[str] = pa.Field()
    speaker_id: Series[str] = pa.Field(nullable=True)
    text: Series[str] = pa.Field()
    start: Series[int] = pa.Field()
    end: Series[int] = pa.Field()
    cue: Series[str] = pa.Field(nullable=True)
    speaker_start: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    speaker_end: Series[pd.Int64Dtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="speaker_span")
    def speaker_span(cls, df: pd.DataFrame) -> pd.Series:
        """A quotation with a speaker has the span that names it (`speaker_start < speaker_end`: the
        name, or the "he" that refers to it); one without a speaker has none."""
        has = df["speaker_id"].notna()
        spanned = df["speaker_start"].notna() & df["speaker_end"].notna()
        ordered = (df["speaker_start"] < df["speaker_end"]).fillna(False).astype(bool)
        return (has & spanned & ordered) | (~has & df["speaker_start"].isna() & df["speaker_end"].isna())

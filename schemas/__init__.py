"""The data contract: one pandera model per output table, and the rules that span tables."""

from __future__ import annotations

import pandera.pandas as pa
from pipeline.schemas.models import (
    ArticlesModel,
    CorrectionsModel,
    DatesModel,
    EntitiesModel,
    EventParticipantsModel,
    EventsModel,
    FiguresModel,
    MentionsModel,
    QuotesModel,
    RolesModel,
)

# Bumped whenever a table gains, loses or changes a column, so readers can refuse output they don't know.
SCHEMA_VERSION = "1"

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": ArticlesModel,
    "entities": EntitiesModel,
    "mentions": MentionsModel,
    "corrections": CorrectionsModel,
    "roles": RolesModel,
    "dates": DatesModel,
    "figures": FiguresModel,
    "events": EventsModel,
    "event_participants": EventParticipantsModel,
    "quotes": QuotesModel,
}

TABLES: tuple[str, ...] = tuple(MODELS)

__all__ = ["MODELS", "SCHEMA_VERSION", "TABLES"]

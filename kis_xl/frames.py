"""pandas DataFrames of kis-xl's models, for analysts who script around the workbook.

    import kis_xl
    client = kis_xl.open_client("sim")
    bars = kis_xl.frames.frame(client.history("005930", date(2025, 1, 2)), index="date")
    holdings = kis_xl.frames.frame(client.balance().holdings, index="code")
    orders = kis_xl.frames.frame(client.daily_orders().orders)

Columns keep the models' English names and get real dtypes: dates become datetime64, times stay
``datetime.time``, order types and sides their names (LIMIT, BUY) as categoricals, numbers int64/float64.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum

import pandas as pd


def _plain(value):
    if isinstance(value, Enum):
        return value.name
    return value


def frame(records: Iterable, index: str | None = None) -> pd.DataFrame:
    """One row per model instance (Bar, Holding, OrderRecord, Quote…), one typed column per field."""
    records = list(records)
    if not records:
        return pd.DataFrame()
    names = [f.name for f in dataclasses.fields(records[0])]
    df = pd.DataFrame([[_plain(getattr(r, n)) for n in names] for r in records], columns=names)
    for name in names:
        sample = next((getattr(r, name) for r in records if getattr(r, name) is not None), None)
        if isinstance(sample, (date, datetime)):
            df[name] = pd.to_datetime(df[name])
        elif isinstance(sample, Enum):
            df[name] = df[name].astype("category")
        elif isinstance(sample, bool):
            df[name] = df[name].astype("boolean")
        elif isinstance(sample, int):
            df[name] = df[name].astype("Int64")
        elif isinstance(sample, float):
            df[name] = df[name].astype("float64")
    return df.set_index(index) if index else df

"""The order sheet: rows validated, sent once each, results written back; headless or from Excel."""

from __future__ import annotations

from pathlib import Path


def demo_submit(path: str | Path | None = None, profile: str = "sim") -> list[dict]:
    """Write the sample order sheet (limit prices at today's prices), submit it, and return the rows' results.

    Without a path the sheet goes to a temporary folder (only the results are wanted).
    """
    import tempfile

    from ..connect import open_client
    from .book import OpenpyxlSheet
    from .service import submit
    from .template import SAMPLE_ROWS, write_sample

    path = Path(path) if path else Path(tempfile.mkdtemp(prefix="kis-xl-orders-")) / "sample_orders.xlsx"
    with open_client(profile) as client:
        quotes = client.prices([r[0] for r in SAMPLE_ROWS if r[0].isdigit()])
        write_sample(path, profile=profile, prices={c: q.price for c, q in quotes.items()})
        return submit(OpenpyxlSheet(path), str(path), client=client).rows

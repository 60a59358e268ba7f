"""The order sheet: rows validated, sent once each, results written back; headless or from Excel."""

from __future__ import annotations

from pathlib import Path


def demo_submit(path: str | Path | None = None, profile: str = "sim") -> list[dict]:
    """Write the sample order sheet, submit it, and return the rows' results.

    Without a path the sheet goes to a temporary folder (only the results are wanted).
    """
    import tempfile

    from .book import OpenpyxlSheet
    from .service import submit
    from .template import write_sample

    path = Path(path) if path else Path(tempfile.mkdtemp(prefix="kis-xl-orders-")) / "sample_orders.xlsx"
    write_sample(path, profile=profile)
    return submit(OpenpyxlSheet(path), str(path), profile=profile).rows

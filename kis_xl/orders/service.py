"""Running an order sheet against the right client: the profile is the CLI's --profile, else the sheet's cell.

A validation reads: its results go to the caller (and the sheet's cells in memory), never into the file, unless
it is asked to write them.
"""

from __future__ import annotations

from typing import Any

from ..client import KisClient
from ..connect import open_client
from ..errors import KisXlError
from ..i18n import t
from .book import OrderSheet
from .journal import Journal
from .ledger import Outcome
from .refresh import refresh
from .rows import SheetRow
from .submit import run_sheet


class Unsaved:
    """A sheet read, never saved: results land in its rows (what the caller prints), the file stays as it was."""

    def __init__(self, sheet: OrderSheet):
        self._sheet = sheet
        self.settings = sheet.settings

    def rows(self) -> list[SheetRow]:
        return self._sheet.rows()

    def write(self, row: SheetRow, values: dict[str, Any]) -> None:
        row.cells.update(values)

    def flush(self) -> None:
        """Nothing is saved."""

    def progress(self, text: str) -> None:
        self._sheet.progress(text)

    def changed_since_read(self) -> bool:
        return self._sheet.changed_since_read()

    def check_writable(self) -> None:
        """Nothing is saved, so anything goes."""

    def finish(self) -> str:
        return ""


def client_for(sheet: OrderSheet, profile: str | None) -> KisClient:
    name = profile or sheet.settings.profile or None
    if profile and sheet.settings.profile and profile != sheet.settings.profile:
        raise KisXlError(t("the sheet says profile {sheet!r} but {asked!r} was asked for: change the sheet's Profile "
                           "cell first", sheet=sheet.settings.profile, asked=profile))
    return open_client(name)


def check(sheet: OrderSheet, workbook_id: str, *, profile: str | None = None, write: bool = False,
          client: KisClient | None = None, clock=None) -> Outcome:
    """Validate every row and price the batch; nothing is sent, and the file is written only when ``write``."""
    return submit(sheet if write else Unsaved(sheet), workbook_id, profile=profile, dry_run=True, client=client,
                  clock=clock)


def submit(sheet: OrderSheet, workbook_id: str, *, profile: str | None = None, dry_run: bool = False,
           confirm=None, progress=None, after_row=None, client: KisClient | None = None, clock=None) -> Outcome:
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        p = client.profile
        journal = Journal(workbook_id, client.transport.base_url, p.account or "", clock=client.now)
        with journal.exclusive():
            if sheet.changed_since_read():
                raise KisXlError(t("the workbook changed while it was being read (another run?): run again"))
            return run_sheet(sheet, client, journal, dry_run=dry_run, confirm=confirm, progress=progress,
                             after_row=after_row, clock=clock)
    finally:
        if own:
            client.close()


def refresh_sheet(sheet: OrderSheet, *, profile: str | None = None, client: KisClient | None = None,
                  confirm=None) -> Outcome:
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        return refresh(sheet, client, confirm)
    finally:
        if own:
            client.close()

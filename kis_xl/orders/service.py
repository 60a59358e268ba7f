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
from . import identity
from .accounts import Opener, one_account, refresh_accounts, submit_accounts
from .book import OrderSheet
from .journal import Journal
from .ledger import Outcome
from .pairing import typed
from .refresh import refresh
from .rows import SheetRow
from .submit import run_sheet
from .validate import read


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

    def workbook_id(self) -> str | None:
        return self._sheet.workbook_id()

    def set_workbook_id(self, value: str) -> None:
        """Nothing is saved: a validation gives the workbook no id."""
        raise KisXlError("a validation writes nothing into the workbook")


def client_for(sheet: OrderSheet, profile: str | None) -> KisClient:
    name = profile or sheet.settings.profile or None
    if profile and sheet.settings.profile and profile != sheet.settings.profile:
        raise KisXlError(t("the sheet says profile {sheet!r} but {asked!r} was asked for: change the sheet's Profile "
                           "cell first", sheet=sheet.settings.profile, asked=profile))
    return open_client(name)


def journal_for(client: KisClient, workbook_id: str, sheet: OrderSheet | None = None) -> Journal:
    """The journal (and run lock) of a workbook on the client's account and server: keyed by the id the
    workbook keeps (``identity``), the same for Excel and the CLI; by ``workbook_id`` (its path, or Excel's
    name for it) while it keeps none."""
    key = identity.workbook_id(sheet, workbook_id, assign=False) if sheet is not None else workbook_id
    return Journal(key, client.server, client.profile.account or "", clock=client.now)


def _keep_id(sheet: OrderSheet, client: KisClient, workbook_id: str) -> None:
    """Before a sending run: a workbook without an id gets one, under the lock of the name it is known by here:
    the id that name was forwarded to (an older copy of a workbook that keeps one), else a new one. The journal
    kept under that name becomes the id's, and the name is forwarded to the id (Excel's URL and the CLI's path
    each, at their first run)."""
    named = journal_for(client, workbook_id)
    with named.exclusive():
        if sheet.changed_since_read():
            raise KisXlError(t("the workbook changed while it was being read (another run?): run again"))
        given = named.forwarded()
        if given is None and not identity.is_id(identity.workbook_id(sheet, "", assign=False)):
            given = _same_workbook(sheet, client, named)
        key = identity.workbook_id(sheet, workbook_id, given=given)
        if key != workbook_id:
            journal_for(client, key).take_over(named)


def _same_workbook(sheet: OrderSheet, client: KisClient, named: Journal) -> str | None:
    """The id this workbook was given under its other name (``identity.same_file``) whose journal holds an
    order one of its rows repeats (request and tag): the same file, back from before that id was saved. Two
    such ids cannot be told apart: the run stops, nothing sent."""
    rows = {(typed(read(r, client.profile.venue).request), r.tag) for r in sheet.rows() if not r.is_blank}
    ids = sorted({key for name, key in named.forwards() if identity.same_file(name, named.name)})
    found = [key for key in ids if any((typed(e.request), e.tag) in rows
                                       for e in journal_for(client, key).entries() if e.left)]
    if len(found) > 1:
        raise KisXlError(t("this workbook keeps no id and its rows repeat orders sent from {n} workbooks of its "
                           "file name under another name: open the one that sent them (a row meant as a new "
                           "order takes another Tag)", n=len(found)))
    return found[0] if found else None


def check(sheet: OrderSheet, workbook_id: str, *, profile: str | None = None, write: bool = False,
          client: KisClient | None = None, clock=None) -> Outcome:
    """Validate every row and price the batch; nothing is sent, and the file is written only when ``write``."""
    return submit(sheet if write else Unsaved(sheet), workbook_id, profile=profile, dry_run=True, client=client,
                  clock=clock)


def submit(sheet: OrderSheet, workbook_id: str, *, profile: str | None = None, dry_run: bool = False,
           confirm=None, progress=None, after_row=None, client: KisClient | None = None, clock=None,
           opener: Opener = open_client) -> Outcome:
    """Validate and (unless ``dry_run``) send the sheet's rows; rows whose Account (계좌) names another profile go
    to that profile (``accounts``, each opened with ``opener``), one journal per account."""
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        kept = identity.workbook_id(sheet, workbook_id, assign=False)
        if not dry_run and (not identity.is_id(kept) or journal_for(client, workbook_id).key != kept):
            _keep_id(sheet, client, workbook_id)
        if not one_account(sheet, client):
            return submit_accounts(sheet, client, lambda c: journal_for(c, workbook_id, sheet), dry_run=dry_run,
                                   confirm=confirm, progress=progress, after_row=after_row, clock=clock,
                                   opener=opener)
        journal = journal_for(client, workbook_id, sheet)
        with journal.exclusive():
            if sheet.changed_since_read():
                raise KisXlError(t("the workbook changed while it was being read (another run?): run again"))
            return run_sheet(sheet, client, journal, dry_run=dry_run, confirm=confirm, progress=progress,
                             after_row=after_row, clock=clock)
    finally:
        if own:
            client.close()


def refresh_sheet(sheet: OrderSheet, *, profile: str | None = None, client: KisClient | None = None,
                  confirm=None, opener: Opener = open_client) -> Outcome:
    """REFRESH: each row against its own account's lists (``accounts``)."""
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        if not one_account(sheet, client):
            return refresh_accounts(sheet, client, confirm=confirm, opener=opener)
        return refresh(sheet, client, confirm)
    finally:
        if own:
            client.close()

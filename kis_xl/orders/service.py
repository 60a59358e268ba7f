"""Running an order sheet against the right client: the profile is the CLI's --profile, else the sheet's cell."""

from __future__ import annotations

from ..client import KisClient
from ..connect import open_client
from ..errors import KisXlError
from ..i18n import t
from . import identity
from .book import OrderSheet
from .journal import Journal
from .ledger import Outcome
from .refresh import refresh
from .submit import run_sheet


def client_for(sheet: OrderSheet, profile: str | None) -> KisClient:
    name = profile or sheet.settings.profile or None
    if profile and sheet.settings.profile and profile != sheet.settings.profile:
        raise KisXlError(f"the sheet says profile {sheet.settings.profile!r} but {profile!r} was asked for: "
                         f"change the sheet's Profile cell first")
    return open_client(name)


def journal_for(client: KisClient, workbook_id: str, sheet: OrderSheet | None = None) -> Journal:
    """The journal (and run lock) of a workbook on the client's account and server: keyed by the id the
    workbook keeps (``identity``), the same for Excel and the CLI; by ``workbook_id`` (its path, or Excel's
    name for it) while it keeps none."""
    key = identity.workbook_id(sheet, workbook_id, assign=False) if sheet is not None else workbook_id
    return Journal(key, client.transport.base_url, client.profile.account or "", clock=client.now)


def _keep_id(sheet: OrderSheet, client: KisClient, workbook_id: str) -> None:
    """Before a sending run: a workbook without an id gets one, under the lock of the name it is known by here:
    the id that name was forwarded to (an older copy of a workbook that keeps one), else a new one. The journal
    kept under that name becomes the id's, and the name is forwarded to the id (Excel's URL and the CLI's path
    each, at their first run)."""
    named = journal_for(client, workbook_id)
    with named.exclusive():
        if sheet.changed_since_read():
            raise KisXlError(t("the workbook changed while it was being read (another run?): run again"))
        key = identity.workbook_id(sheet, workbook_id, given=named.forwarded())
        if key != workbook_id:
            journal_for(client, key).take_over(named)


def submit(sheet: OrderSheet, workbook_id: str, *, profile: str | None = None, dry_run: bool = False,
           confirm=None, progress=None, after_row=None, client: KisClient | None = None, clock=None) -> Outcome:
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        kept = identity.workbook_id(sheet, workbook_id, assign=False)
        if not dry_run and (not identity.is_id(kept) or journal_for(client, workbook_id).key != kept):
            _keep_id(sheet, client, workbook_id)
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
                  confirm=None) -> Outcome:
    own = client is None
    client = client or client_for(sheet, profile)
    try:
        return refresh(sheet, client, confirm)
    finally:
        if own:
            client.close()

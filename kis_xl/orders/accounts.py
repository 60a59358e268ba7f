"""Every account in one book: the order sheet's Account (계좌) column, each row run against its own profile.

A row's Account cell names the profile it goes to (blank: the sheet's Profile). A run groups the rows by the
account they name and runs the one pipeline (``submit.run_sheet``) once per account, over a view of the sheet
that shows only that account's rows, with that profile's client and that account's journal (a journal lives
per server and account already: the sheet's own account keeps the journal it always had). Around the groups:

- a row naming a profile that is not configured, cannot be opened or is the same account as another profile
  of the run is INVALID on its row, with the profiles there are; nothing goes anywhere from it;
- when a row goes to a real (실전) account alongside other accounts, one confirmation names every real
  account (profile, masked account) with its rows' count and amount before anything is sent; each account's
  own send switch (``send_orders``, ``gate``) is asked for that account alone: its rows say NOT SENT and why,
  the other accounts' rows go;
- the workbook's write-back (Excel's save) comes once, after every account's run.

A sheet without the column, or whose rows all go to the sheet's Profile, runs exactly as before (the caller
asks ``one_account`` first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from ..client import KisClient
from ..config import BUILTIN, read_config
from ..connect import open_client
from ..errors import KisXlError, SendingDisabled
from ..i18n import t
from . import gate
from .book import OrderSheet
from .journal import Journal
from .ledger import Ledger, Outcome
from .lifecycle import CANCEL_REQUEST, INVALID, NOT_SENT
from .refresh import refresh
from .rows import SheetRow, SheetSettings, describe
from .submit import HELD, check_rows, may_send, run_sheet

Opener = Callable[[str], KisClient]


def profile_names() -> list[str]:
    """The profiles an Account cell may name: the built-in ones and the config file's."""
    return sorted(set(BUILTIN) | set(read_config().get("profiles") or {}))


def own_names(settings: SheetSettings, client: KisClient) -> set[str]:
    """What an Account cell may say for the sheet's own profile: blank, the Profile cell, the profile's name."""
    return {"", settings.profile, client.profile.name.lower()}


def one_account(sheet: OrderSheet, client: KisClient) -> bool:
    """Every row goes to the sheet's own profile (no Account column, or none naming another): today's run."""
    return len(own_rows(sheet, client)) == len(sheet.rows())


def owns(settings: SheetSettings, client: KisClient) -> Callable[[SheetRow], bool]:
    """Whether a row goes to the sheet's own profile (what its follower follows: other accounts' order numbers
    are not its account's)."""
    names = own_names(settings, client)
    return lambda row: row.account in names


def own_rows(sheet: OrderSheet, client: KisClient) -> list[SheetRow]:
    keep = owns(sheet.settings, client)
    return [r for r in sheet.rows() if keep(r)]


class View:
    """The sheet as one account's run sees it: only the rows whose Account names that profile; every write goes
    to the sheet, and the rows it marked INVALID are remembered (what the run will not send)."""

    def __init__(self, sheet: OrderSheet, names: set[str], settings: SheetSettings):
        self._sheet, self._names, self.settings = sheet, names, settings
        self.invalid: set[int] = set()

    def rows(self) -> list[SheetRow]:
        return [r for r in self._sheet.rows() if r.account in self._names]

    def write(self, row: SheetRow, values: dict[str, Any]) -> None:
        self._sheet.write(row, values)
        if values.get("status") == INVALID:
            self.invalid.add(row.number)

    def flush(self) -> None:
        self._sheet.flush()

    def progress(self, text: str) -> None:
        self._sheet.progress(text)

    def changed_since_read(self) -> bool:
        return self._sheet.changed_since_read()

    def check_writable(self) -> None:
        self._sheet.check_writable()

    def finish(self) -> str:
        """Nothing yet: the sheet is written back once, after every account's run."""
        return ""

    def workbook_id(self) -> str | None:
        return self._sheet.workbook_id()

    def set_workbook_id(self, value: str) -> None:
        self._sheet.set_workbook_id(value)


@dataclass
class Account:
    """One account of a run: the profile its rows name ("" for the sheet's own), its client and view."""

    name: str
    client: KisClient
    view: View
    journal: Journal | None = None
    confirmed: set[int] = field(default_factory=set)  # rows the run's one confirmation showed

    @property
    def label(self) -> str:
        """``account 1234****-01 (profile isa)``: how messages name it (never more of the number)."""
        p = self.client.profile
        return t("account {account} (profile {profile})", account=p.masked_account, profile=p.name)


@dataclass
class Accounts:
    """The accounts a sheet's rows go to (the sheet's own first), and why other rows go nowhere."""

    sheet: OrderSheet
    accounts: list[Account]
    refused: dict[str, str]  # an Account cell's word → why its rows go nowhere

    def refuse(self, outcome: Outcome, *, new_rows: bool) -> None:
        """Rows of a refused account: INVALID while still to send (``new_rows``), else their CANCEL (or, without
        ``new_rows``, any row that names an order) told why nothing was done."""
        ledger = Ledger(self.sheet, None, outcome)
        for row in self.sheet.rows():
            why = self.refused.get(row.account)
            if why is None or row.is_blank:
                continue
            if new_rows and may_send(row):
                ledger.write(row, {"status": INVALID, "message": t("{reason}; nothing was sent from this row",
                                                                    reason=why)})
            elif row.status in HELD or (not new_rows and row.ids):
                ledger.note(row, t("nothing done: {reason}", reason=why))


@contextmanager
def opened(sheet: OrderSheet, main: KisClient, opener: Opener = open_client) -> Iterator[Accounts]:
    """The sheet's accounts, each profile its rows name opened once (and closed after); the sheet's own client is
    the caller's."""
    names = own_names(sheet.settings, main)
    accounts = [Account("", main, View(sheet, names, sheet.settings))]
    known = {n.lower(): n for n in profile_names()}
    refused: dict[str, str] = {}
    with ExitStack() as stack:
        for name in dict.fromkeys(r.account for r in sheet.rows() if r.account not in names):
            if name not in known:
                refused[name] = t("no profile named {name!r}: the Account (계좌) column names a profile (known: "
                                  "{known})", name=name, known=", ".join(known.values()))
                continue
            try:
                client = opener(known[name])
            except KisXlError as exc:
                refused[name] = t("profile {name!r} cannot be used: {reason}",
                                  name=name, reason=exc)
                continue
            stack.callback(client.close)
            twin = next((a for a in accounts if (a.client.server, a.client.profile.account)
                         == (client.server, client.profile.account)), None)
            if twin is not None:
                refused[name] = t("profile {name!r} is the same account as profile {other!r} ({account}): name one "
                                  "of them in the Account (계좌) column", name=name,
                                  other=twin.client.profile.name, account=client.profile.masked_account)
                continue
            accounts.append(Account(name, client, View(sheet, {name}, replace(sheet.settings, profile=name))))
        yield Accounts(sheet, accounts, refused)


def _merge(outcome: Outcome, got: Outcome) -> None:
    outcome.rows += got.rows
    outcome.notes += got.notes


def _named(outcome: Outcome, found: Accounts) -> Outcome:
    """Each row's result saying which profile it went to (its Account cell; blank: the sheet's own profile)."""
    cells = {r.number: r.account for r in found.sheet.rows()}
    own = found.accounts[0].client.profile.name
    for r in outcome.rows:
        r["account"] = cells.get(r["row"]) or own
    return outcome


def _locked(stack: ExitStack, accounts: Accounts, journal_of: Callable[[KisClient], Journal]) -> None:
    """Every account's journal opened and its run lock taken before anything is sent (else nothing is)."""
    for a in accounts.accounts:
        a.journal = journal_of(a.client)
        stack.enter_context(a.journal.exclusive())
    if accounts.sheet.changed_since_read():
        raise KisXlError(t("the workbook changed while it was being read (another run?): run again"))


def confirm_accounts(accounts: list[Account], settings: SheetSettings, confirm: gate.Confirm, clock=None) -> None:
    """One confirmation, before anything is sent, naming each real account its rows go to with their count and
    amount (the same checks as the run's: nothing is sent from here); each account remembers the rows shown."""
    lines = []
    for a in accounts:
        profile = a.client.profile
        if not (profile.live_money and profile.send_orders and settings.send_enabled):
            continue  # its gate refuses it whatever is answered here
        rows = a.view.rows()
        ok = [c for c in check_rows(a.client, rows, clock)[0] if c.ok]
        cancels = [r for r in rows if r.status == CANCEL_REQUEST]
        if not ok and not cancels:
            continue
        a.confirmed = {c.row.number for c in ok} | {r.number for r in cancels}
        lines.append(t("{account}: {n} orders, about {amount} won; {cancels} cancellations", account=a.label,
                       n=len(ok), amount=f"{sum(c.estimate.won or 0 for c in ok):,.0f}", cancels=len(cancels)))
        lines += [f"  {describe(c.request, c.name)}, {c.amount_text}" for c in ok[:10]] + (["  …"] if len(ok) > 10
                                                                                         else [])
    if lines:
        confirm([t("orders to {n} REAL accounts (실전투자), each named below:",
                   n=sum(1 for a in accounts if a.confirmed)), *lines])


def _within(account: Account, confirm: gate.Confirm | None) -> gate.Confirm | None:
    """An account's gate after the run's one confirmation: passes what it showed, asks again for anything more
    (a row the confirmation did not show)."""
    if confirm is None or not account.confirmed:
        return confirm

    def check(lines: list[str]) -> None:
        rows = account.view.rows()
        going = {r.number for r in rows if may_send(r) and r.number not in account.view.invalid}
        going |= {r.number for r in rows if r.status == CANCEL_REQUEST}
        if not going <= account.confirmed:
            confirm(lines)

    return check


def _not_sent(account: Account, reason: str, outcome: Outcome) -> None:
    """An account whose gate refused: its rows the run checked keep their result, the others say NOT SENT and why."""
    ledger = Ledger(account.view, None, outcome)
    for row in account.view.rows():
        if row.number in account.view.invalid:
            outcome.add(row, INVALID, str(row.get("message") or ""))
        elif may_send(row):
            ledger.write(row, {"status": NOT_SENT, "message": t("not sent to {account}: {reason}", account=account.label,
                                                                reason=reason)})


def submit_accounts(sheet: OrderSheet, main: KisClient, journal_of: Callable[[KisClient], Journal], *,
                    dry_run: bool = False, confirm: gate.Confirm | None = None, progress=None, after_row=None,
                    clock=None, opener: Opener = open_client) -> Outcome:
    """Validate (and unless ``dry_run`` send) each account's rows to that account; every result on its row."""
    outcome = Outcome()
    with opened(sheet, main, opener) as found, ExitStack() as locks:
        _locked(locks, found, journal_of)
        if not dry_run:
            sheet.check_writable()
        found.refuse(outcome, new_rows=True)
        if not dry_run and confirm is not None:
            confirm_accounts(found.accounts, sheet.settings, confirm, clock)
        refused: SendingDisabled | None = None
        for a in found.accounts:
            try:
                got = run_sheet(a.view, a.client, a.journal, dry_run=dry_run, confirm=_within(a, confirm),
                                progress=progress, after_row=after_row, clock=clock)
            except SendingDisabled as exc:
                if not sheet.settings.send_enabled:  # the sheet's own switch: the run stops as it always did
                    refused = exc
                    continue
                _not_sent(a, str(exc), outcome)
            else:
                _merge(outcome, got)
        note = sheet.finish()
        if note:
            outcome.notes.append(note)
        if refused is not None:
            raise refused
        return _named(outcome, found)


def refresh_accounts(sheet: OrderSheet, main: KisClient, *, confirm: gate.Confirm | None = None,
                     opener: Opener = open_client) -> Outcome:
    """REFRESH (and the CANCEL rows) of each account's rows against that account's lists."""
    outcome = Outcome()
    with opened(sheet, main, opener) as found:
        found.refuse(outcome, new_rows=False)
        for a in found.accounts:
            _merge(outcome, refresh(a.view, a.client, confirm))
        return _named(outcome, found)

"""The daily account report: ``run()`` gathers the account from KIS and writes an .xlsx a person wants to open."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import KisXlError
from ..i18n import t
from .build import report_name, write_book, write_report
from .data import ReportData, gather, latest_trading_day
from .history import earlier_reports

__all__ = ["run", "run_book", "write_report", "gather", "ReportData"]


def _check_folder(folder: Path) -> None:
    """A folder the report can be written into, before anything is gathered or written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KisXlError(t("cannot write the report into {folder}: {reason}", folder=folder,
                           reason=(exc.strerror or str(exc)).lower())) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KisXlError(t("cannot write the report into {folder}: the folder is read-only; choose one with --out",
                           folder=folder))


def run(profile: str | None = None, date: date | None = None, out_dir: str | Path | None = None,
        force: bool = False, *, start=None, end=None, colors: str = "kr", client=None) -> Path:
    """Write ``KIS_report_<date>_<profile>.xlsx`` into ``out_dir`` (default: the current folder); the path.

    The date is the latest KRX trading day on the server's clock unless given (a Friday's on Saturday).
    An existing report is never overwritten unless ``force``. The macro behind the workbook's report
    button and ``kis-xl report`` both call this.
    """
    from ..connect import open_client

    own = client is None
    client = client or open_client(profile)
    try:
        day = date or latest_trading_day(client.now())
        folder = Path(out_dir or ".")
        _check_folder(folder)
        path = folder / report_name(day, client.profile.name)
        if path.exists() and not force:
            raise KisXlError(t("{path} exists; use --force to overwrite it", path=path))
        data = _gather(client, folder, day, start, end)
        return write_report(data, path, colors=colors)
    finally:
        if own:
            client.close()


def _gather(client, folder: Path, day: date, start, end) -> ReportData:
    """One account's report data with its earlier reports' figures (this profile's own reports in ``folder``)."""
    data = gather(client, day, start, end)
    earlier = earlier_reports(folder, client.profile.name, day)
    data.previous = earlier[-1] if earlier else None
    data.history = [(r.day, r.total_eval) for r in earlier]
    return data


def _one_profile_per_account(clients) -> None:
    """Two profiles of one account would count it twice in the totals: refused before anything is asked of KIS."""
    seen: dict[tuple[str, str], str] = {}
    for client in clients:
        p = client.profile
        first = seen.setdefault((p.domain, p.account), p.name)
        if first != p.name:
            raise KisXlError(t("profiles {first} and {second} are one account ({account}): it would count twice; "
                               "name it once", first=first, second=p.name, account=p.masked_account))


def run_book(profiles: Sequence[str] = (), date: date | None = None, out_dir: str | Path | None = None,
             force: bool = False, *, start=None, end=None, colors: str = "kr", clients=None) -> Path:
    """Write one report of several accounts, ``KIS_report_<date>_<p1>+<p2>.xlsx``: the consolidated summary
    first, then each account's sheets; the path. One profile: ``run``'s report, unchanged.

    Every profile is opened before anything is gathered or written, so an unknown one stops the report with
    nothing written. The date is the first account's server's latest trading day unless given.
    """
    from ..connect import open_client

    names = list(dict.fromkeys(profiles))
    opened = []
    try:
        if clients is None:
            for name in names:
                opened.append(open_client(name))
            clients = opened
        _one_profile_per_account(clients)
        if len(clients) == 1:
            return run(date=date, out_dir=out_dir, force=force, start=start, end=end, colors=colors,
                       client=clients[0])
        day = date or latest_trading_day(clients[0].now())
        folder = Path(out_dir or ".")
        _check_folder(folder)
        path = folder / report_name(day, "+".join(c.profile.name for c in clients))
        if path.exists() and not force:
            raise KisXlError(t("{path} exists; use --force to overwrite it", path=path))
        accounts = []
        for client in clients:
            data = _gather(client, folder, day, start, end)
            data.usd_rate = client.usd_rate() if data.us_balance else None
            accounts.append(data)
        return write_book(accounts, path, colors=colors)
    finally:
        for client in opened:
            client.close()

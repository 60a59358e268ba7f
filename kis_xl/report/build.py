"""Writing the report workbook with openpyxl in write-only (streamed) mode.

Sheets (Korean by default, English with ``language = "en"``): Summary (the true figures first: evaluation,
the day's P&L after fees and tax, the portfolio's day against KOSPI and KOSDAQ, realised P&L, the US side in
USD), Holdings (with US holdings in their own section), Orders, US Orders (when there are any), Realised P&L
(by stock, with fees and taxes), Charts. Every row of a stock shows its name beside its code. Numbers are
numbers and dates are dates, with won formats; Holdings and Orders are Excel tables with filters and
a frozen header; gains and losses are coloured as Korean markets colour them (red up, blue down) or
the other way round; every sheet prints on A4 landscape. A book of several accounts (``write_book``) opens with
a consolidated summary in won, then each account's sheets titled with its profile first.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ..i18n import t
from ..i18n import value as word
from ..models import OrderStatus, ReservationStatus, Side
from .data import UPCOMING_DAYS, ReportData, estimated_fees

WON, USD, PCT, QTY = "#,##0", "#,##0.00", '0.00"%"', "#,##0"
DATE, TIME = "yyyy-mm-dd", "hh:mm:ss"
COLORS = {"kr": ("C00000", "0070C0"), "us": ("00875A", "C00000")}  # (gain, loss) font colours
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)



def sheet_names() -> dict[str, str]:
    """Each sheet's title in the language in force, by a fixed key."""
    return {"summary": t("Summary"), "holdings": t("Holdings"), "orders": t("Orders"), "us_orders": t("US Orders"),
            "reservations": t("Reservations"), "realised": t("Realised P&L"), "charts": t("Charts")}


def holding_columns() -> list[tuple[str, str | None, int]]:
    return [(t("Code"), None, 9), (t("Name"), None, 18), (t("Quantity"), QTY, 11), (t("Avg price"), WON, 12),
            (t("Price"), WON, 12), (t("Evaluation"), WON, 15), (t("P&L"), WON, 14), (t("P&L %"), PCT, 9),
            (t("Weight %"), PCT, 9)]


def order_columns() -> list[tuple[str, str | None, int]]:
    return [(t("Date"), DATE, 11), (t("Time"), TIME, 9), (t("Order no"), None, 12), (t("Code"), None, 9),
            (t("Name"), None, 18), (t("Side"), None, 6), (t("Quantity"), QTY, 10), (t("Order price"), WON, 11),
            (t("Filled qty"), QTY, 9), (t("Avg fill"), WON, 11), (t("Amount"), WON, 14),
            (t("Fees & tax (est.)"), WON, 14), (t("Status"), None, 11), (t("Venue"), None, 8)]


def realized_columns() -> list[tuple[str, str | None, int]]:
    return [(t("Date"), DATE, 11), (t("Code"), None, 9), (t("Name"), None, 18), (t("Sold"), QTY, 9),
            (t("Sell price"), WON, 12), (t("Amount"), WON, 14), (t("Avg cost"), WON, 12),
            (t("Realised P&L"), WON, 14), (t("P&L %"), PCT, 9), (t("Fees"), WON, 11), (t("Taxes"), WON, 11)]


def _words() -> dict:
    """Sides and statuses as a person reads them."""
    return {Side.BUY: t("Buy"), Side.SELL: t("Sell"), OrderStatus.OPEN: t("Open"),
            OrderStatus.PARTIAL: t("Partly filled"), OrderStatus.FILLED: t("Filled"),
            OrderStatus.CANCELLED: t("Cancelled"), OrderStatus.REJECTED: t("Rejected")}


def _cell(ws, value, fmt: str | None = None, font: Font | None = None, fill=None) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    if fmt:
        c.number_format = fmt
    if font:
        c.font = font
    if fill:
        c.fill = fill
    return c


class _Template(Cell):
    """A styled cell reused for every row of a column: its style id is looked up once, and it prints cheaply."""

    __slots__ = ("_sid",)

    @property
    def style_id(self):
        return self._sid

    def __repr__(self) -> str:
        return "<report cell>"


def _rows_as_cells(ws) -> None:
    """Let a write-only sheet take our cells without openpyxl's per-cell try/except and fresh cell.

    A write-only sheet serialises each row as it is appended (``_values_to_row`` feeds its writer),
    so one plain cell carries every plain value and a styled template the values of its column.
    openpyxl's own version tries ``cell.value = value`` first (an exception, with the cell's repr, for
    every styled cell) and makes a new cell after each styled one. Left as openpyxl's if it ever
    renames the hook."""
    if not hasattr(ws, "_values_to_row"):
        return
    plain = WriteOnlyCell(ws)

    def values_to_row(values, row_idx):
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else plain
            if cell is plain:
                plain.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row


class _RowWriter:
    """Appends rows of plain values to a write-only sheet, styling the formatted columns.

    A write-only sheet serialises each row as it is appended, so one styled cell per formatted column
    is reused for every row (its value replaced): no per-cell object or style lookup. Unformatted
    columns go in as plain values. This keeps large reports near a bare dump of the same rows.
    """

    def __init__(self, ws, formats: list[str | None]):
        self.ws = ws
        _rows_as_cells(ws)
        self.templates = [self._template(ws, fmt) if fmt else None for fmt in formats]

    @staticmethod
    def _template(ws, fmt: str) -> _Template:
        cell = _Template(ws)
        cell.number_format = fmt
        cell._sid = ws.parent._cell_styles.add(cell._style)
        return cell

    def append(self, values) -> None:
        row = []
        for template, value in zip(self.templates, values):
            if template is None or value is None or value == "":
                row.append(value)
            else:
                template.value = value
                row.append(template)
        self.ws.append(row)


def _header(ws, names) -> list:
    return [_cell(ws, n, font=HEADER_FONT, fill=HEADER_FILL) for n in names]


def _setup(ws, widths, freeze: str | None = None) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _colour(ws, ref: str, colors: str) -> None:
    gain, loss = COLORS[colors]
    ws.conditional_formatting.add(ref, CellIsRule(operator="greaterThan", formula=["0"], font=Font(color=gain)))
    ws.conditional_formatting.add(ref, CellIsRule(operator="lessThan", formula=["0"], font=Font(color=loss)))


def _table(ws, name: str, headers: list[str], first_row: int, last_row: int) -> None:
    """An Excel table over written rows; its columns are named here (write-only mode cannot read them back)."""
    if last_row <= first_row:
        return  # a header without rows is no table
    ref = f"A{first_row}:{get_column_letter(len(headers))}{last_row}"
    taken = {n for sheet in ws.parent.worksheets for n in sheet.tables}
    unique, n = name, 1
    while unique in taken:  # one account's tables beside another's in a book of several: Holdings, Holdings1…
        unique, n = f"{name}{n}", n + 1
    table = Table(displayName=unique, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl reminds write-only users to name columns: done
        ws.add_table(table)


READ_BACK = {"Total evaluation": "total_eval", "Total P&L": "pnl_total", "Deposit": "deposit",
             "Stocks held": "holdings"}  # summary figures an earlier report is read back by (history.py)
AS_OF = "Holdings and cash as of"


def _day_rows(data: ReportData) -> tuple[list[tuple], list[tuple], list[str]]:
    """The day's P&L first (after fees and tax), its detail, and the notes that explain it."""
    day = data.day_pnl
    if day is None:
        note = t("not available for a past day: KIS gives holdings only as of now")
        return [(t("Day P&L (after fees and tax)"), note, None)], [], []
    fees = t("Fees and tax of the day (KIS)") if day.fees_from_kis else t("Fees and tax of the day (estimated)")
    detail = [(t("Day P&L before fees and tax"), day.before_fees, WON), (fees, day.fees, WON),
              (t("Bought today"), day.bought, WON), (t("Sold today"), day.sold, WON)]
    notes = [t("Day P&L: shares held overnight count from the previous close, shares bought today from their buy "
               "price, shares sold today up to their sell price; fees and tax of the day's fills taken off. Day % is "
               "of the holdings' value at the previous close plus the day's purchases.")]
    if day.missing:
        notes.append(t("KIS gave no previous close for {codes}: their shares held overnight count without a change",
                       codes=", ".join(day.missing)))
    return [(t("Day P&L (after fees and tax)"), day.total, WON)], detail, notes


def _summary(wb, data: ReportData) -> None:
    ws = wb.create_sheet(sheet_names()["summary"])
    _setup(ws, [34, 18, 18, 18])
    s = data.balance.summary
    pnl_pct = s.pnl_total / s.purchase_total * 100 if s.purchase_total else 0.0
    day_first, day_detail, notes = _day_rows(data)
    rows = [(t("Total evaluation"), s.total_eval, WON), *day_first, *_benchmark_rows(data),
            (t("Total P&L"), s.pnl_total, WON), (t("Total P&L %"), pnl_pct, PCT)]
    if data.realized_total is not None:
        r = data.realized_total
        rows += [(t("Realised P&L"), r.realized, WON), (t("Realised: fees"), r.fees, WON),
                 (t("Realised: taxes"), r.taxes, WON)]
    rows += [(t("Deposit"), s.deposit, WON), (t("D+2 cash"), s.d2_cash, WON),
             (t("Securities evaluation"), s.securities_eval, WON), *day_detail,
             (t("Stocks held"), len(data.balance.holdings), QTY), (t("Orders placed"), len(data.orders.orders), QTY),
             (t("Orders filled"), len(data.fills), QTY), (t("Filled amount"), data.orders.total_filled_amount, WON),
             (t("Estimated fees and tax (KIS)"), data.orders.estimated_fees, WON)]
    if data.us_balance:
        u = data.us_balance.summary
        us_fills = [o for o in data.us_orders.orders if o.filled_qty] if data.us_orders else []
        rows += [(t("US cash (USD)"), u.deposit, USD), (t("US securities evaluation (USD)"), u.securities_eval, USD),
                 (t("US P&L (USD)"), u.pnl_total, USD), (t("US stocks held"), len(data.us_balance.holdings), QTY),
                 (t("US orders placed"), len(data.us_orders.orders) if data.us_orders else 0, QTY),
                 (t("US orders filled"), len(us_fills), QTY)]
    if data.balance_is_of_the_day:
        title = t("KIS account report — {day}", day=f"{data.day:%Y-%m-%d}")
    else:
        title = t("KIS account report — {day} (orders and fills of that day; holdings and cash as of {as_of})",
                  day=f"{data.day:%Y-%m-%d}", as_of=f"{data.as_of:%Y-%m-%d %H:%M}")
    ws.append([_cell(ws, title, font=TITLE_FONT)])
    ws.append([_cell(ws, t("Profile")), _cell(ws, data.profile)])
    ws.append([_cell(ws, t("Account")), _cell(ws, data.account)])
    ws.append([_cell(ws, t("Report date")), _cell(ws, data.day, DATE)])
    if data.as_of is not None:
        ws.append([_cell(ws, t("Holdings and cash as of")), _cell(ws, data.as_of.strftime("%Y-%m-%d %H:%M"))])
    if data.period:
        ws.append([_cell(ws, t("Orders from")), _cell(ws, data.period[0], DATE), _cell(ws, t("to")),
                   _cell(ws, data.period[1], DATE)])
    ws.append([])
    prev = data.previous
    previous = t("Previous ({day})", day=f"{prev.day:%Y-%m-%d}") if prev else t("Previous")
    ws.append(_header(ws, [t("Item"), t("Today"), previous, t("Change")]))
    before = {t("Total evaluation"): prev.total_eval, t("Total P&L"): prev.pnl_total, t("Deposit"): prev.deposit,
              t("Stocks held"): prev.holdings} if prev else {}
    for label, value, fmt in rows:
        line = [_cell(ws, label), _cell(ws, value, fmt if value != "" else None)]
        if label in before:
            line += [_cell(ws, before[label], fmt), _cell(ws, value - before[label], fmt)]
        ws.append(line)
    if notes:
        ws.append([])
        for note in notes:
            ws.append([_cell(ws, note)])
    _upcoming(ws, data)


def _upcoming(ws, data: ReportData) -> None:
    """다가오는 권리일정: the holdings' events of every kind with a record date in the next 60 days, one row each: what
    happens, the day that follows the record date (pay, subscription, meeting or listing) and, for a dividend, what
    it would pay on the shares held now; a line saying so where KIS gives no schedule."""
    ws.append([])
    ws.append([_cell(ws, t("Upcoming events (next {days} days)", days=UPCOMING_DAYS), font=Font(bold=True))])
    if data.events is None:
        ws.append([_cell(ws, t("KIS gives KSD's schedules on the real domain only: none shown"))])
        return
    if not data.events:
        ws.append([_cell(ws, t("No holding has a record date in these days"))])
        return
    ws.append(_header(ws, [t("Record date"), t("Code"), t("Name"), t("Event"), t("Details"), t("Shares held"),
                           t("Expected amount"), t("Next date"), t("Next date is")]))
    held = {h.code: h for h in data.balance.holdings}
    for e in data.events:
        h = held.get(e.code)
        qty = h.quantity if h else 0
        what, when = _next_date(e)
        detail = t("{detail} (trading halt {halt})", detail=e.detail, halt=e.halt) if e.halt else e.detail
        amount = _cell(ws, (e.per_share or 0) * qty, WON) if e.kind == "dividend" else _cell(ws, "")
        ws.append([_cell(ws, e.record_date, DATE), _cell(ws, e.code), _cell(ws, data.name(e.code, h.name if h else "")),
                   _cell(ws, word(e.kind)), _cell(ws, detail), _cell(ws, qty, QTY), amount,
                   _cell(ws, when, DATE) if when else _cell(ws, ""), _cell(ws, what if when else "")])


def _next_date(e) -> tuple[str, date | None]:
    """The day a holder looks to after an event's record date, and what it is."""
    if e.kind == "dividend":
        return t("Pay date"), e.pay_date
    if e.kind == "rights":
        return t("Subscription from"), e.subscription_start
    if e.kind in ("meeting", "appraisal"):  # a dissenter must say so before the meeting
        return t("Meeting date"), e.meeting_date
    return t("Listing date"), e.listing_date


def _benchmark_rows(data: ReportData) -> list[tuple]:
    """The portfolio's day (the true Day P&L) beside KOSPI's and KOSDAQ's (when the profile can quote indices)."""
    day = data.day_pnl
    mine = day.pct if day else None
    rows = [(t("Portfolio day %"), mine if mine is not None else "", PCT)]
    for name in ("KOSPI", "KOSDAQ"):
        q = data.indices.get(name)
        if q is not None:
            rows.append((t("{index} day % ({level})", index=name, level=f"{q.level:,.2f}"), q.change_pct, PCT))
    if data.indices:
        rows.append((t("Portfolio vs benchmarks"), comparison(mine, data.indices), None))
    return rows


def comparison(mine: float | None, indices: dict) -> str:
    """One line: "Portfolio +0.52 % vs KOSPI -0.16 % (+0.68 pp), KOSDAQ +0.20 % (+0.32 pp)"."""
    if mine is None:
        return t("no day P&L to compare: {indices}",
                 indices=", ".join(f"{n} {q.change_pct:+.2f} %" for n, q in indices.items()))
    parts = [t("{index} {change} % ({gap} pp)", index=n, change=f"{q.change_pct:+.2f}",
               gap=f"{mine - q.change_pct:+.2f}") for n, q in indices.items()]
    return t("Portfolio {mine} % vs {indices}", mine=f"{mine:+.2f}", indices=", ".join(parts))


def _realized(wb, data: ReportData, colors: str) -> None:
    """Realised P&L by stock (KIS's inquire-period-trade-profit): sales against the average cost, fees, taxes."""
    ws = wb.create_sheet(sheet_names()["realised"])
    columns = realized_columns()
    _setup(ws, [w for _, _, w in columns], freeze="A2")
    if data.realized is None:
        ws.append([_cell(ws, t("KIS gives no realised P&L for this account (the mock domain offers no period P&L)"))])
        return
    names = [n for n, _, _ in columns]
    ws.append(_header(ws, names))
    trades = [p for p in data.realized if p.sell_qty]
    rows = _RowWriter(ws, [fmt for _, fmt, _ in columns])
    for p in trades:
        rows.append((p.date, p.code, data.name(p.code, p.name), p.sell_qty, p.sell_price, p.sell_amount, p.avg_cost,
                     p.realized, p.pnl_pct, p.fees, p.taxes))
    _table(ws, "RealisedPnL", names, 1, len(trades) + 1)
    bold = Font(bold=True)
    total = data.realized_total
    realized = total.realized if total else sum(p.realized for p in trades)
    ws.append([_cell(ws, t("Total"), font=bold)] + [_cell(ws, "")] * 4 + [
        _cell(ws, sum(p.sell_amount for p in trades), WON, bold), _cell(ws, ""), _cell(ws, realized, WON, bold),
        _cell(ws, ""), _cell(ws, sum(p.fees for p in trades), WON, bold),
        _cell(ws, sum(p.taxes for p in trades), WON, bold)])
    _colour(ws, f"H2:I{len(trades) + 2}", colors)


def _holdings_rows(ws, data: ReportData, holdings, total_eval: float, money: str) -> int:
    rows = _RowWriter(ws, [None, None, QTY, money, money, money, money, PCT, PCT])
    count = 0
    for h in holdings:
        weight = h.evaluation / total_eval * 100 if total_eval else 0.0
        rows.append((h.code, data.name(h.code, h.name), h.quantity, h.avg_price, h.price, h.evaluation, h.pnl,
                     h.pnl_pct, weight))
        count += 1
    return count


def _holdings(wb, data: ReportData, colors: str) -> None:
    ws = wb.create_sheet(sheet_names()["holdings"])
    columns = holding_columns()
    _setup(ws, [w for _, _, w in columns], freeze="A2")
    names = [n for n, _, _ in columns]
    ws.append(_header(ws, names))
    holdings = sorted(data.balance.holdings, key=lambda h: -h.evaluation)
    total_eval = sum(h.evaluation for h in holdings)
    n = _holdings_rows(ws, data, holdings, total_eval, WON)
    bold = Font(bold=True)
    cost = sum(h.purchase_amount for h in holdings)
    pnl = sum(h.pnl for h in holdings)
    ws.append([_cell(ws, t("Total"), font=bold), _cell(ws, ""),
               _cell(ws, sum(h.quantity for h in holdings), QTY, bold), _cell(ws, ""), _cell(ws, ""),
               _cell(ws, total_eval, WON, bold), _cell(ws, pnl, WON, bold),
               _cell(ws, pnl / cost * 100 if cost else 0.0, PCT, bold), _cell(ws, 100.0 if n else 0.0, PCT, bold)])
    _table(ws, "Holdings", names, 1, n + 1)
    _colour(ws, f"G2:H{n + 2}", colors)
    if data.us_balance and data.us_balance.holdings:
        us = sorted(data.us_balance.holdings, key=lambda h: -h.evaluation)
        ws.append([])
        ws.append([_cell(ws, t("US holdings ({currency})", currency=us[0].currency), font=TITLE_FONT)])
        first = n + 5
        us_names = names + [t("Market"), t("Currency")]
        ws.append(_header(ws, us_names))
        us_total = sum(h.evaluation for h in us)
        for h in us:
            ws.append([_cell(ws, h.code), _cell(ws, data.name(h.code, h.name)), _cell(ws, h.quantity, QTY),
                       _cell(ws, h.avg_price, USD), _cell(ws, h.price, USD), _cell(ws, h.evaluation, USD),
                       _cell(ws, h.pnl, USD),
                       _cell(ws, h.pnl_pct, PCT), _cell(ws, h.evaluation / us_total * 100 if us_total else 0, PCT),
                       _cell(ws, h.market), _cell(ws, h.currency)])
        _table(ws, "USHoldings", us_names, first, first + len(us))
        _colour(ws, f"G{first + 1}:H{first + len(us)}", colors)


def _order_sheet(wb, title: str, table: str, orders, money: str, fees, name) -> tuple:
    """A sheet of orders as an Excel table, oldest first, with a total row; ``fees(order)`` or None (not estimated);
    ``name(code, name)`` the stock's name for a row."""
    ws = wb.create_sheet(title)
    columns = order_columns()
    _setup(ws, [w for _, _, w in columns], freeze="A2")
    ws.append(_header(ws, [n for n, _, _ in columns]))
    orders = sorted(orders.orders, key=lambda o: (o.order_date, o.time or datetime.min.time(), o.order_no))
    rows = _RowWriter(ws, [fmt for _, fmt, _ in columns[:7]] + [money, QTY, money, money, money, None, None])
    words = _words()
    for o in orders:
        rows.append((o.order_date, o.time, o.order_no, o.code, name(o.code, o.name), words[o.side],
                     o.quantity, o.price, o.filled_qty, o.avg_fill_price, o.filled_amount, fees(o) if fees else "",
                     words[o.status], _venue(o)))
    _table(ws, table, [n for n, _, _ in columns], 1, len(orders) + 1)
    bold = Font(bold=True)
    ws.append([_cell(ws, t("Total"), font=bold)] + [_cell(ws, "")] * 7 + [
        _cell(ws, sum(o.filled_qty for o in orders), QTY, bold), _cell(ws, ""),
        _cell(ws, sum(o.filled_amount for o in orders), money, bold),
        _cell(ws, sum(fees(o) for o in orders), money, bold) if fees else _cell(ws, ""), _cell(ws, ""), _cell(ws, "")])
    return ws, orders


def _venue(order) -> str:
    """Where the order went: KRX, NXT or SOR at home; a US order's exchange, or the daytime session."""
    if order.market == "KRX":
        return order.venue
    return t("US daytime") if order.venue == "US-DAY" else order.market


def _orders(wb, data: ReportData) -> None:
    titles = sheet_names()
    ws, _ = _order_sheet(wb, titles["orders"], "Orders", data.orders, WON, estimated_fees, data.name)
    ws.append([_cell(ws, t("Estimated fees and tax (KIS)")), *[_cell(ws, "")] * 10,
               _cell(ws, data.orders.estimated_fees, WON)])
    if data.us_orders and data.us_orders.orders:
        # amounts in USD; KIS gives no fee estimate here
        _order_sheet(wb, titles["us_orders"], "USOrders", data.us_orders, USD, None, data.name)


def reservation_columns() -> list[tuple[str, str | None, int]]:
    return [(t("Placed"), DATE, 11), (t("Reservation no"), None, 12), (t("Market"), None, 7), (t("Code"), None, 9),
            (t("Name"), None, 18), (t("Side"), None, 6), (t("Quantity"), QTY, 10), (t("Order price"), None, 11),
            (t("Until"), DATE, 11), (t("Status"), None, 10), (t("Order it became"), None, 22)]


def _reservations(wb, data: ReportData) -> None:
    """The reservations (예약주문) taken on the day, with what became of each: waiting, sent as an order (its
    date and number), cancelled or rejected (why); a line saying so where KIS lists none (the mock domain)."""
    ws = wb.create_sheet(sheet_names()["reservations"])
    columns = reservation_columns()
    _setup(ws, [w for _, _, w in columns], freeze="A2")
    ws.append(_header(ws, [n for n, _, _ in columns]))
    if data.reservations is None:
        ws.append([_cell(ws, t("KIS lists no reservations on this domain (모의투자): none shown"))])
        return
    words = _words() | {ReservationStatus.WAITING: t("Waiting"), ReservationStatus.SENT: t("Sent"),
                        ReservationStatus.CANCELLED: t("Cancelled"), ReservationStatus.REJECTED: t("Rejected")}
    rows = _RowWriter(ws, [fmt for _, fmt, _ in columns])
    listed = sorted(data.reservations, key=lambda r: (r.id.day, r.id.book, r.id.number))
    for r in listed:
        became = f"{r.order.day:%Y-%m-%d} {r.order.number}" if r.order else r.reason
        price = r.price if r.price else t("market")
        rows.append((r.id.day, r.id.number, r.market, r.code, data.name(r.code, r.name), words[r.side], r.quantity,
                     price, r.end_date or "", words[r.status], became))
    if listed:
        _table(ws, "Reservations", [n for n, _, _ in columns], 1, len(listed) + 1)


def _charts(wb, data: ReportData) -> None:
    ws = wb.create_sheet(sheet_names()["charts"])
    _setup(ws, [18, 16, 4, 18, 16, 4, 12, 16])
    holdings = sorted(data.balance.holdings, key=lambda h: -h.evaluation)
    top = holdings[:9]
    rest = sum(h.evaluation for h in holdings[9:])
    weights = [(data.name(h.code, h.name), h.evaluation) for h in top] + ([(t("Others"), rest)] if rest else [])
    by_pnl = sorted(holdings, key=lambda h: -abs(h.pnl))[:15]
    today = [(data.day, data.balance.summary.total_eval)] if data.balance_is_of_the_day else []
    history = sorted(dict(data.history + today).items())
    ws.append(_header(ws, [t("Holding"), t("Evaluation"), "", t("Holding"), t("P&L"), "", t("Date"),
                           t("Total evaluation")]))
    for i in range(max(len(weights), len(by_pnl), len(history))):
        row = []
        row += [_cell(ws, weights[i][0]), _cell(ws, weights[i][1], WON)] if i < len(weights) else [None, None]
        row += [None]
        if i < len(by_pnl):
            row += [_cell(ws, data.name(by_pnl[i].code, by_pnl[i].name)), _cell(ws, by_pnl[i].pnl, WON)]
        else:
            row += [None, None]
        row += [None]
        row += [_cell(ws, history[i][0], DATE), _cell(ws, history[i][1], WON)] if i < len(history) else [None, None]
        ws.append(row)
    if weights:
        pie = PieChart()
        pie.title = t("Portfolio weights")
        pie.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(weights) + 1), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(weights) + 1))
        pie.height, pie.width = 9, 14
        ws.add_chart(pie, "J2")
    if by_pnl:
        bar = BarChart()
        bar.type = "bar"
        bar.title = t("P&L by holding")
        bar.add_data(Reference(ws, min_col=5, min_row=1, max_row=len(by_pnl) + 1), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=4, min_row=2, max_row=len(by_pnl) + 1))
        bar.legend = None
        bar.height, bar.width = 9, 14
        ws.add_chart(bar, "J20")
    line = LineChart()
    line.title = t("Total evaluation over time")
    line.add_data(Reference(ws, min_col=8, min_row=1, max_row=len(history) + 1), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=7, min_row=2, max_row=len(history) + 1))
    line.x_axis.number_format = DATE
    line.height, line.width = 9, 14
    ws.add_chart(line, "J38")


def write_report(data: ReportData, path: Path, *, colors: str = "kr") -> Path:
    """Stream the report to ``path`` (write-only workbook: memory stays flat for large accounts)."""
    if colors not in COLORS:
        raise ValueError(t("colors must be one of {choices}", choices=", ".join(COLORS)))
    wb = Workbook(write_only=True)
    _account_sheets(wb, data, colors)
    return _save(wb, path)


def _account_sheets(wb, data: ReportData, colors: str) -> None:
    """One account's sheets: Summary, Holdings, Orders (and US Orders), Reservations, Realised P&L, Charts."""
    _summary(wb, data)
    _holdings(wb, data, colors)
    _orders(wb, data)
    _reservations(wb, data)
    _realized(wb, data, colors)
    _charts(wb, data)


def _save(wb, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


def report_name(day: date, profile: str) -> str:
    return f"KIS_report_{day:%Y-%m-%d}_{profile}.xlsx"


# --- several accounts in one book ---

SHEET_NAME_MAX = 31  # Excel's limit
NOT_IN_SHEET_NAMES = re.compile(r"[\\/?*\[\]:]")


class _AccountBook:
    """The workbook as one account's sheets see it: each new sheet titled with the account's profile first
    ("isa 잔고"), so several accounts' sheets sit side by side in one book."""

    def __init__(self, wb, profile: str):
        self.wb = wb
        self.profile = profile

    def create_sheet(self, title: str):
        return self.wb.create_sheet(account_sheet(self.profile, title))


def account_sheet(profile: str, title: str) -> str:
    """An account's sheet in a book of several: "isa 잔고" (Excel's sheet names take no * ? : / \\ [ ])."""
    return f"{NOT_IN_SHEET_NAMES.sub('_', profile)[:16]} {title}"[:SHEET_NAME_MAX]


@dataclass(frozen=True)
class AccountFigures:
    """One account's headline figures in won: US holdings and dollars at the day's rate (None: no rate)."""

    profile: str
    account: str  # masked
    total_eval: float
    day_pnl: float | None  # None: a past day's report (KIS gives holdings only as of now)
    pnl_total: float
    realized: float | None  # None: KIS gives no realised P&L for the account (the mock domain)
    us_converted: bool  # whether US dollars are in the figures (False: the account has none, or no rate)


def account_figures(data: ReportData) -> AccountFigures:
    """The consolidated summary's row of one account."""
    s = data.balance.summary
    total, pnl, converted = s.total_eval, s.pnl_total, False
    if data.us_balance and data.usd_rate:
        u = data.us_balance.summary
        total += u.total_eval * data.usd_rate
        pnl += u.pnl_total * data.usd_rate
        converted = True
    day = data.day_pnl
    realized = data.realized_total.realized if data.realized_total is not None else None
    return AccountFigures(data.profile, data.account, total, day.total if day else None, pnl, realized, converted)


def _consolidated(wb, accounts: list[ReportData], colors: str) -> None:
    """통합 요약: each account's evaluation, day P&L, P&L and realised P&L in won, and their total."""
    ws = wb.create_sheet(t("Consolidated"))
    _setup(ws, [16, 16, 18, 18, 18, 18])
    day = accounts[0].day
    ws.append([_cell(ws, t("KIS accounts report — {day}", day=f"{day:%Y-%m-%d}"), font=TITLE_FONT)])
    ws.append([])
    ws.append(_header(ws, [t("Profile"), t("Account"), t("Total evaluation"), t("Day P&L (after fees and tax)"),
                           t("Total P&L"), t("Realised P&L")]))
    rows = [account_figures(d) for d in accounts]
    not_offered = t("not offered")
    for f in rows:
        ws.append([_cell(ws, f.profile), _cell(ws, f.account), _cell(ws, f.total_eval, WON),
                   _cell(ws, f.day_pnl, WON) if f.day_pnl is not None else _cell(ws, "—"),
                   _cell(ws, f.pnl_total, WON),
                   _cell(ws, f.realized, WON) if f.realized is not None else _cell(ws, not_offered)])
    bold = Font(bold=True)
    days = [f.day_pnl for f in rows if f.day_pnl is not None]
    realized = [f.realized for f in rows if f.realized is not None]
    ws.append([_cell(ws, t("Total"), font=bold), _cell(ws, ""), _cell(ws, sum(f.total_eval for f in rows), WON, bold),
               _cell(ws, sum(days), WON, bold) if days else _cell(ws, "—"),
               _cell(ws, sum(f.pnl_total for f in rows), WON, bold),
               _cell(ws, sum(realized), WON, bold) if realized else _cell(ws, not_offered)])
    _colour(ws, f"D4:F{len(rows) + 4}", colors)
    ws.append([])
    for note in _consolidated_notes(accounts, rows):
        ws.append([_cell(ws, note)])


def _consolidated_notes(accounts: list[ReportData], rows: list[AccountFigures]) -> list[str]:
    """What the totals hold: the day's dollar rate, accounts whose dollars or realised P&L are left out."""
    notes = [t("Day P&L is of the domestic holdings; each account's sheets follow under its profile's name.")]
    rates = {d.usd_rate for d in accounts if d.us_balance and d.usd_rate}
    if rates:
        notes.append(t("US holdings and dollars in won at {rate} won per dollar (KIS's first posted rate of the day)",
                       rate=", ".join(f"{r:,.2f}" for r in sorted(rates))))
    unconverted = [d.profile for d, f in zip(accounts, rows) if d.us_balance and not f.us_converted]
    if unconverted:
        notes.append(t("KIS gave no dollar rate for {profiles}: their US holdings are left out of the won figures",
                       profiles=", ".join(unconverted)))
    mock = [f.profile for f in rows if f.realized is None]
    if mock:
        notes.append(t("KIS gives no realised P&L for {profiles} (the mock domain offers no period P&L)",
                       profiles=", ".join(mock)))
    return notes


def write_book(accounts: list[ReportData], path: Path, *, colors: str = "kr") -> Path:
    """One workbook of several accounts: the consolidated summary first, then each account's sheets under its
    profile's name. One account: ``write_report``'s workbook."""
    if len(accounts) == 1:
        return write_report(accounts[0], path, colors=colors)
    if colors not in COLORS:
        raise ValueError(t("colors must be one of {choices}", choices=", ".join(COLORS)))
    wb = Workbook(write_only=True)
    _consolidated(wb, accounts, colors)
    for data in accounts:
        _account_sheets(_AccountBook(wb, data.profile), data, colors)
    return _save(wb, path)


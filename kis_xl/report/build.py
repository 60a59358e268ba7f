"""Writing the report workbook with openpyxl in write-only (streamed) mode.

Sheets: Summary (with the US side in USD, realised P&L, and the portfolio's day against KOSPI and
KOSDAQ), Holdings (with US holdings in their own section), Orders, US Orders (when there are any),
Realised P&L (by stock, with fees and taxes), Charts. Numbers are
numbers and dates are dates, with won formats; Holdings and Orders are Excel tables with filters and
a frozen header; gains and losses are coloured as Korean markets colour them (red up, blue down) or
the other way round; every sheet prints on A4 landscape.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from .data import ReportData, estimated_fees

WON, USD, PCT, QTY = "#,##0", "#,##0.00", '0.00"%"', "#,##0"
DATE, TIME = "yyyy-mm-dd", "hh:mm:ss"
COLORS = {"kr": ("C00000", "0070C0"), "us": ("00875A", "C00000")}  # (gain, loss) font colours
HEADER_FILL = PatternFill("solid", fgColor="1F3864")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14)

HOLDING_COLUMNS = [("Code", None, 9), ("Name", None, 18), ("Quantity", QTY, 11), ("Avg price", WON, 12),
                   ("Price", WON, 12), ("Evaluation", WON, 15), ("P&L", WON, 14), ("P&L %", PCT, 9),
                   ("Weight %", PCT, 9)]
ORDER_COLUMNS = [("Date", DATE, 11), ("Time", TIME, 9), ("Order no", None, 12), ("Code", None, 9),
                 ("Name", None, 18), ("Side", None, 6), ("Quantity", QTY, 10), ("Price", WON, 11),
                 ("Filled", QTY, 9), ("Avg fill", WON, 11), ("Amount", WON, 14), ("Fees & tax (est.)", WON, 14),
                 ("Status", None, 11), ("Venue", None, 8)]


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
    table = Table(displayName=name, ref=ref)
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, 1)]
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl reminds write-only users to name columns: done
        ws.add_table(table)


def _summary(wb, data: ReportData) -> None:
    ws = wb.create_sheet("Summary")
    _setup(ws, [30, 18, 18, 18])
    s = data.balance.summary
    pnl_pct = s.pnl_total / s.purchase_total * 100 if s.purchase_total else 0.0
    fills = data.fills
    rows = [
        ("Deposit (예수금)", s.deposit, WON), ("D+2 cash (D+2 예수금)", s.d2_cash, WON),
        ("Securities evaluation", s.securities_eval, WON), ("Total evaluation (총평가)", s.total_eval, WON),
        ("Day P&L (holdings vs previous close)", data.day_pnl, WON), ("Total P&L (평가손익)", s.pnl_total, WON),
        ("Total P&L %", pnl_pct, PCT), ("Holdings", len(data.balance.holdings), QTY),
        ("Orders", len(data.orders.orders), QTY), ("Fills", len(fills), QTY),
        ("Filled amount", data.orders.total_filled_amount, WON), ("Fees and tax (KIS total)", data.orders.estimated_fees,
                                                                 WON),
    ]
    if data.realized_total is not None:
        r = data.realized_total
        rows += [("Realised P&L (실현손익)", r.realized, WON), ("Realised: fees", r.fees, WON),
                 ("Realised: taxes", r.taxes, WON)]
    rows += _benchmark_rows(data)
    if data.us_balance:
        u = data.us_balance.summary
        us_fills = [o for o in data.us_orders.orders if o.filled_qty] if data.us_orders else []
        rows += [("US cash (USD, 외화예수금)", u.deposit, USD), ("US securities evaluation (USD)", u.securities_eval, USD),
                 ("US P&L (USD)", u.pnl_total, USD), ("US holdings", len(data.us_balance.holdings), QTY),
                 ("US orders", len(data.us_orders.orders) if data.us_orders else 0, QTY),
                 ("US fills", len(us_fills), QTY)]
    title = f"KIS account report — {data.day:%Y-%m-%d}"
    if not data.balance_is_of_the_day:
        title += f" (orders and fills of that day; holdings and cash as of {data.as_of:%Y-%m-%d %H:%M})"
    ws.append([_cell(ws, title, font=TITLE_FONT)])
    ws.append([_cell(ws, "Profile"), _cell(ws, data.profile)])
    ws.append([_cell(ws, "Account"), _cell(ws, data.account)])
    ws.append([_cell(ws, "Report date"), _cell(ws, data.day, DATE)])
    if data.as_of is not None:
        ws.append([_cell(ws, "Holdings and cash as of"), _cell(ws, data.as_of.strftime("%Y-%m-%d %H:%M"))])
    if data.period:
        ws.append([_cell(ws, "Orders from"), _cell(ws, data.period[0], DATE), _cell(ws, "to"),
                   _cell(ws, data.period[1], DATE)])
    ws.append([])
    prev = data.previous
    ws.append(_header(ws, ["Item", "Today", f"Previous ({prev.day:%Y-%m-%d})" if prev else "Previous", "Change"]))
    before = {"Total evaluation (총평가)": prev.total_eval, "Total P&L (평가손익)": prev.pnl_total,
              "Deposit (예수금)": prev.deposit, "Holdings": prev.holdings} if prev else {}
    for label, value, fmt in rows:
        line = [_cell(ws, label), _cell(ws, value, fmt if value != "" else None)]
        if label in before:
            line += [_cell(ws, before[label], fmt), _cell(ws, value - before[label], fmt)]
        ws.append(line)


def _benchmark_rows(data: ReportData) -> list[tuple]:
    """The portfolio's day beside KOSPI's and KOSDAQ's (when the profile can quote indices)."""
    mine = data.day_pct
    rows = [("Portfolio day % (holdings vs previous close)", mine if mine is not None else "", PCT)]
    for name in ("KOSPI", "KOSDAQ"):
        q = data.indices.get(name)
        if q is not None:
            rows.append((f"{name} day % ({q.level:,.2f})", q.change_pct, PCT))
    if data.indices:
        rows.append(("Portfolio vs benchmarks", comparison(mine, data.indices), None))
    return rows


def comparison(mine: float | None, indices: dict) -> str:
    """One line: "Portfolio +0.52 % vs KOSPI -0.16 % (+0.68 pp), KOSDAQ +0.20 % (+0.32 pp)"."""
    if mine is None:
        return "no holdings: " + ", ".join(f"{n} {q.change_pct:+.2f} %" for n, q in indices.items())
    parts = [f"{n} {q.change_pct:+.2f} % ({mine - q.change_pct:+.2f} pp)" for n, q in indices.items()]
    return f"Portfolio {mine:+.2f} % vs " + ", ".join(parts)


REALIZED_COLUMNS = [("Date", DATE, 11), ("Code", None, 9), ("Name", None, 18), ("Sold", QTY, 9),
                    ("Sell price", WON, 12), ("Amount", WON, 14), ("Avg cost", WON, 12), ("Realised P&L", WON, 14),
                    ("P&L %", PCT, 9), ("Fees", WON, 11), ("Taxes", WON, 11)]


def _realized(wb, data: ReportData, colors: str) -> None:
    """Realised P&L by stock (KIS's inquire-period-trade-profit): sales against the average cost, fees, taxes."""
    ws = wb.create_sheet("Realised P&L")
    _setup(ws, [w for _, _, w in REALIZED_COLUMNS], freeze="A2")
    if data.realized is None:
        ws.append([_cell(ws, "KIS gives no realised P&L for this account (the mock domain offers no period P&L)")])
        return
    names = [n for n, _, _ in REALIZED_COLUMNS]
    ws.append(_header(ws, names))
    trades = [t for t in data.realized if t.sell_qty]
    rows = _RowWriter(ws, [fmt for _, fmt, _ in REALIZED_COLUMNS])
    for t in trades:
        rows.append((t.date, t.code, t.name, t.sell_qty, t.sell_price, t.sell_amount, t.avg_cost, t.realized,
                     t.pnl_pct, t.fees, t.taxes))
    _table(ws, "RealisedPnL", names, 1, len(trades) + 1)
    bold = Font(bold=True)
    total = data.realized_total
    realized = total.realized if total else sum(t.realized for t in trades)
    ws.append([_cell(ws, "Total", font=bold)] + [_cell(ws, "")] * 4 + [
        _cell(ws, sum(t.sell_amount for t in trades), WON, bold), _cell(ws, ""), _cell(ws, realized, WON, bold),
        _cell(ws, ""), _cell(ws, sum(t.fees for t in trades), WON, bold),
        _cell(ws, sum(t.taxes for t in trades), WON, bold)])
    _colour(ws, f"H2:I{len(trades) + 2}", colors)


def _holdings_rows(ws, holdings, total_eval: float, money: str) -> int:
    rows = _RowWriter(ws, [None, None, QTY, money, money, money, money, PCT, PCT])
    count = 0
    for h in holdings:
        weight = h.evaluation / total_eval * 100 if total_eval else 0.0
        rows.append((h.code, h.name, h.quantity, h.avg_price, h.price, h.evaluation, h.pnl, h.pnl_pct, weight))
        count += 1
    return count


def _holdings(wb, data: ReportData, colors: str) -> None:
    ws = wb.create_sheet("Holdings")
    _setup(ws, [w for _, _, w in HOLDING_COLUMNS], freeze="A2")
    names = [n for n, _, _ in HOLDING_COLUMNS]
    ws.append(_header(ws, names))
    holdings = sorted(data.balance.holdings, key=lambda h: -h.evaluation)
    total_eval = sum(h.evaluation for h in holdings)
    n = _holdings_rows(ws, holdings, total_eval, WON)
    bold = Font(bold=True)
    cost = sum(h.purchase_amount for h in holdings)
    pnl = sum(h.pnl for h in holdings)
    ws.append([_cell(ws, "Total", font=bold), _cell(ws, ""), _cell(ws, sum(h.quantity for h in holdings), QTY, bold),
               _cell(ws, ""), _cell(ws, ""), _cell(ws, total_eval, WON, bold), _cell(ws, pnl, WON, bold),
               _cell(ws, pnl / cost * 100 if cost else 0.0, PCT, bold), _cell(ws, 100.0 if n else 0.0, PCT, bold)])
    _table(ws, "Holdings", names, 1, n + 1)
    _colour(ws, f"G2:H{n + 2}", colors)
    if data.us_balance and data.us_balance.holdings:
        us = sorted(data.us_balance.holdings, key=lambda h: -h.evaluation)
        ws.append([])
        ws.append([_cell(ws, f"US holdings ({us[0].currency})", font=TITLE_FONT)])
        first = n + 5
        us_names = names + ["Market", "Currency"]
        ws.append(_header(ws, us_names))
        us_total = sum(h.evaluation for h in us)
        for h in us:
            ws.append([_cell(ws, h.code), _cell(ws, h.name), _cell(ws, h.quantity, QTY), _cell(ws, h.avg_price, USD),
                       _cell(ws, h.price, USD), _cell(ws, h.evaluation, USD), _cell(ws, h.pnl, USD),
                       _cell(ws, h.pnl_pct, PCT), _cell(ws, h.evaluation / us_total * 100 if us_total else 0, PCT),
                       _cell(ws, h.market), _cell(ws, h.currency)])
        _table(ws, "USHoldings", us_names, first, first + len(us))
        _colour(ws, f"G{first + 1}:H{first + len(us)}", colors)


def _order_sheet(wb, title: str, orders, money: str, fees) -> tuple:
    """A sheet of orders as an Excel table, oldest first, with a total row; ``fees(order)`` or None (not estimated)."""
    ws = wb.create_sheet(title)
    _setup(ws, [w for _, _, w in ORDER_COLUMNS], freeze="A2")
    ws.append(_header(ws, [n for n, _, _ in ORDER_COLUMNS]))
    orders = sorted(orders.orders, key=lambda o: (o.order_date, o.time or datetime.min.time(), o.order_no))
    rows = _RowWriter(ws, [fmt for _, fmt, _ in ORDER_COLUMNS[:7]] + [money, QTY, money, money, money, None, None])
    for o in orders:
        rows.append((o.order_date, o.time, o.order_no, o.code, o.name, o.side.value, o.quantity, o.price,
                     o.filled_qty, o.avg_fill_price, o.filled_amount, fees(o) if fees else "", o.status.value,
                     _venue(o)))
    _table(ws, title.replace(" ", ""), [n for n, _, _ in ORDER_COLUMNS], 1, len(orders) + 1)
    bold = Font(bold=True)
    ws.append([_cell(ws, "Total", font=bold)] + [_cell(ws, "")] * 7 + [
        _cell(ws, sum(o.filled_qty for o in orders), QTY, bold), _cell(ws, ""),
        _cell(ws, sum(o.filled_amount for o in orders), money, bold),
        _cell(ws, sum(fees(o) for o in orders), money, bold) if fees else _cell(ws, ""), _cell(ws, ""), _cell(ws, "")])
    return ws, orders


def _venue(order) -> str:
    """Where the order went: KRX, NXT or SOR at home; a US order's exchange, or the daytime session."""
    if order.market == "KRX":
        return order.venue
    return "US daytime" if order.venue == "US-DAY" else order.market


def _orders(wb, data: ReportData) -> None:
    ws, _ = _order_sheet(wb, "Orders", data.orders, WON, estimated_fees)
    ws.append([_cell(ws, "KIS total fees and tax (prsm_tlex_smtl)"), *[_cell(ws, "")] * 10,
               _cell(ws, data.orders.estimated_fees, WON)])
    if data.us_orders and data.us_orders.orders:
        _order_sheet(wb, "US Orders", data.us_orders, USD, None)  # amounts in USD; KIS gives no fee estimate here


def _charts(wb, data: ReportData) -> None:
    ws = wb.create_sheet("Charts")
    _setup(ws, [18, 16, 4, 18, 16, 4, 12, 16])
    holdings = sorted(data.balance.holdings, key=lambda h: -h.evaluation)
    top = holdings[:9]
    rest = sum(h.evaluation for h in holdings[9:])
    weights = [(h.name, h.evaluation) for h in top] + ([("Others", rest)] if rest else [])
    by_pnl = sorted(holdings, key=lambda h: -abs(h.pnl))[:15]
    today = [(data.day, data.balance.summary.total_eval)] if data.balance_is_of_the_day else []
    history = sorted(dict(data.history + today).items())
    ws.append(_header(ws, ["Holding", "Evaluation", "", "Holding", "P&L", "", "Date", "Total evaluation"]))
    for i in range(max(len(weights), len(by_pnl), len(history))):
        row = []
        row += [_cell(ws, weights[i][0]), _cell(ws, weights[i][1], WON)] if i < len(weights) else [None, None]
        row += [None]
        row += [_cell(ws, by_pnl[i].name), _cell(ws, by_pnl[i].pnl, WON)] if i < len(by_pnl) else [None, None]
        row += [None]
        row += [_cell(ws, history[i][0], DATE), _cell(ws, history[i][1], WON)] if i < len(history) else [None, None]
        ws.append(row)
    if weights:
        pie = PieChart()
        pie.title = "Portfolio weights"
        pie.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(weights) + 1), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(weights) + 1))
        pie.height, pie.width = 9, 14
        ws.add_chart(pie, "J2")
    if by_pnl:
        bar = BarChart()
        bar.type = "bar"
        bar.title = "P&L by holding"
        bar.add_data(Reference(ws, min_col=5, min_row=1, max_row=len(by_pnl) + 1), titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=4, min_row=2, max_row=len(by_pnl) + 1))
        bar.legend = None
        bar.height, bar.width = 9, 14
        ws.add_chart(bar, "J20")
    line = LineChart()
    line.title = "Total evaluation over time"
    line.add_data(Reference(ws, min_col=8, min_row=1, max_row=len(history) + 1), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=7, min_row=2, max_row=len(history) + 1))
    line.x_axis.number_format = DATE
    line.height, line.width = 9, 14
    ws.add_chart(line, "J38")


def write_report(data: ReportData, path: Path, *, colors: str = "kr") -> Path:
    """Stream the report to ``path`` (write-only workbook: memory stays flat for large accounts)."""
    if colors not in COLORS:
        raise ValueError(f"colors must be one of {', '.join(COLORS)}")
    wb = Workbook(write_only=True)
    _summary(wb, data)
    _holdings(wb, data, colors)
    _orders(wb, data)
    _realized(wb, data, colors)
    _charts(wb, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb.save(tmp)
    tmp.replace(path)
    return path


def report_name(day: date, profile: str) -> str:
    return f"KIS_report_{day:%Y-%m-%d}_{profile}.xlsx"

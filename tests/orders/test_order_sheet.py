"""The order sheet end to end against the simulator, through the headless (openpyxl) path."""

from datetime import datetime

import openpyxl
import pytest
import xlsxwriter

from kis_xl import krx
from kis_xl.errors import KisXlError, SendingDisabled
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.service import refresh_sheet, submit
from kis_xl.orders.template import HEADER_ROW, english_header, add_orders_sheet

FIRST = HEADER_ROW + 2  # 1-based number of the first data row


def make_sheet(path, rows, *, profile="sim", send=True):
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, profile=profile, send=send, rows=rows)
    wb.close()
    return path


def col(key: str) -> int:
    """The 1-based column of a key in the template's layout."""
    from kis_xl.orders.rows import COLUMN_ORDER

    return COLUMN_ORDER.index(key) + 1


def results(path):
    ws = openpyxl.load_workbook(path)["Orders"]
    header = [english_header(c.value) for c in ws[HEADER_ROW + 1]]
    out = {}
    for r in range(FIRST, ws.max_row + 1):
        values = dict(zip(header, [c.value for c in ws[r]]))
        if isinstance(values.get("Order Date"), datetime):  # a real date in the sheet, shown as 2025-06-04
            values["Order Date"] = values["Order Date"].date().isoformat()
        if any(values.get(k) not in (None, "") for k in ("Code", "Status")):
            out[r] = values
    return out


@pytest.fixture
def client(make_client):
    c = make_client()
    c.buy("000660", 10)  # something to sell
    return c


def mixed_batch(client):
    q = client.price("005930")
    tick = krx.tick_size(q.price)
    good = [("005930", "BUY", 1, "LIMIT", q.price - tick * i, "KRX", f"g{i}") for i in range(30)]
    good += [("000660", "SELL", 1, "MARKET", None, "KRX", f"s{i}") for i in range(5)]
    good += [("035420", "매수", 2, "시장가", None, "KRX", f"m{i}") for i in range(3)]
    bad = {
        "not a stock code": ("12ab", "BUY", 1, "LIMIT", 1000, "KRX", ""),
        "995000: no such stock code in KIS's stock master": ("995000", "BUY", 1, "LIMIT", 1000, "KRX", ""),
        "side must be BUY/SELL": ("005930", "HOLD", 1, "LIMIT", q.price, "KRX", ""),
        "quantity must be a positive whole number": ("005930", "BUY", 1.5, "LIMIT", q.price, "KRX", ""),
        "quantity must be a positive whole number, not '0'": ("005930", "BUY", 0, "LIMIT", q.price, "KRX", ""),
        "off the tick grid": ("005930", "BUY", 1, "LIMIT", q.price + tick / 2, "KRX", ""),
        "above today's upper limit": ("005930", "BUY", 1, "LIMIT", q.upper_limit + tick * 10, "KRX", ""),
        "below today's lower limit": ("005930", "BUY", 1, "LIMIT", krx.round_to_tick(q.lower_limit * 0.9), "KRX", ""),
        "a MARKET order takes no price": ("005930", "BUY", 1, "MARKET", q.price, "KRX", ""),
        "unknown order type": ("005930", "BUY", 1, "STOPLOSS", q.price, "KRX", ""),
        "more than the 0 you can sell": ("035720", "SELL", 1, "MARKET", None, "KRX", ""),
        "duplicate of row": good[0],
    }
    rows = good[:20] + list(bad.values())[:6] + good[20:] + list(bad.values())[6:]
    rows.insert(10, (None, None, None, None, None, None, None))  # a blank row: skipped, not an error
    return rows, bad


def test_mixed_batch_flags_every_bad_row_and_sends_only_good_ones(client, tmp_path):
    rows, bad = mixed_batch(client)
    assert len(rows) - 1 == 50
    path = make_sheet(tmp_path / "orders.xlsx", rows)
    outcome = submit(OpenpyxlSheet(path), str(path), client=client)
    assert outcome.count("SENT") == 38 and outcome.count("INVALID") == 12
    table = results(path)
    invalid = [v for v in table.values() if v["Status"] == "INVALID"]
    for expected in bad:
        assert sum(expected in v["Message"] for v in invalid) >= 1, expected
    sent = [v for v in table.values() if v["Status"] == "SENT"]
    assert all(v["Order No"] and v["Client Id"] and v["Submitted At"] for v in sent)
    assert len(client.daily_orders().orders) == 38 + 1  # plus the fixture's buy


def test_second_run_sends_nothing(client, tmp_path):
    q = client.price("005930")
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 1, "LIMIT", q.price, "KRX", ""),
                                            ("000660", "SELL", 2, "MARKET", None, "KRX", "")])
    submit(OpenpyxlSheet(path), str(path), client=client)
    before = len(client.daily_orders().orders)
    again = submit(OpenpyxlSheet(path), str(path), client=client)
    assert again.rows == [] and len(client.daily_orders().orders) == before


def test_unknown_outcome_is_reconciled_not_resent(sim, make_profile, tmp_path):
    from kis_xl.client import KisClient

    client = KisClient(make_profile(), timeout=0.5)
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 4, "MARKET", None, "KRX", "")])
    sim.world.faults.order_reply_delay = 1.5
    try:
        submit(OpenpyxlSheet(path), str(path), client=client)
    finally:
        sim.world.faults.order_reply_delay = 0
    [row] = results(path).values()  # the run waited out the booking window and looked the order up
    orders = client.daily_orders().orders
    assert row["Status"] == "FILLED" and "reconciled" in row["Message"] and row["Order No"] == orders[0].order_no
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 1  # never sent twice
    client.close()


def test_crash_after_row_20_leaves_rows_1_to_20_written(client, tmp_path):
    q = client.price("005930")
    rows = [("005930", "BUY", 1, "LIMIT", q.price - krx.tick_size(q.price) * i, "KRX", "") for i in range(30)]
    path = make_sheet(tmp_path / "o.xlsx", rows)
    sent = []

    def crash(row):
        sent.append(row.number)
        if len(sent) == 20:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        submit(OpenpyxlSheet(path), str(path), client=client, after_row=crash)
    table = results(path)
    statuses = [table[FIRST + i]["Status"] for i in range(30)]
    assert statuses[:20] == ["SENT"] * 20 and statuses[20:] == [None] * 10
    submit(OpenpyxlSheet(path), str(path), client=client)  # the rest goes on the next run, the first 20 never again
    assert [v["Status"] for v in results(path).values()] == ["SENT"] * 30
    assert len([o for o in client.daily_orders().orders if o.code == "005930"]) == 30


def test_switches_and_the_real_account(sim, make_profile, tmp_path):
    from kis_xl.client import KisClient

    row = [("005930", "BUY", 1, "MARKET", None, "KRX", "")]
    off = make_sheet(tmp_path / "off.xlsx", row, send=False)
    client = KisClient(make_profile())
    with pytest.raises(SendingDisabled, match="OFF"):
        submit(OpenpyxlSheet(off), str(off), client=client)
    real = KisClient(make_profile(simulator=False, send_orders=True))  # live money, pointed at the simulator
    assert real.profile.live_money
    mock_sheet = make_sheet(tmp_path / "m.xlsx", row, profile="mock")
    with pytest.raises(SendingDisabled, match="not 'real'"):
        submit(OpenpyxlSheet(mock_sheet), str(mock_sheet), client=real)
    real_sheet = make_sheet(tmp_path / "r.xlsx", row, profile="real")
    with pytest.raises(SendingDisabled, match="confirmation"):
        submit(OpenpyxlSheet(real_sheet), str(real_sheet), client=real)

    def decline(lines):
        assert any("****" in line for line in lines) and any("1 orders" in line for line in lines)
        raise KisXlError("not confirmed")

    with pytest.raises(KisXlError, match="not confirmed"):
        submit(OpenpyxlSheet(real_sheet), str(real_sheet), client=real, confirm=decline)
    assert real.daily_orders().orders == []
    submit(OpenpyxlSheet(real_sheet), str(real_sheet), client=real, confirm=lambda lines: None)
    assert len(real.daily_orders().orders) == 1
    real.close()
    client.close()


def test_dry_run_refresh_and_cancel(client, tmp_path):
    q = client.price("035720")
    low = q.lower_limit
    path = make_sheet(tmp_path / "o.xlsx", [("035720", "BUY", 3, "LIMIT", low, "KRX", "")])
    dry = submit(OpenpyxlSheet(path), str(path), client=client, dry_run=True)
    assert dry.count("VALID") == 1 and client.daily_orders().orders[-1].code == "000660"
    submit(OpenpyxlSheet(path), str(path), client=client)
    sheet = OpenpyxlSheet(path)
    [row] = sheet.rows()
    sheet.write(row, {"status": "CANCEL"})
    refresh_sheet(OpenpyxlSheet(path), client=client)
    [row] = results(path).values()
    assert row["Status"] == "CANCELLED"
    assert client.pending_orders() == []


def test_xlsm_keeps_its_vba_project(client, tmp_path):
    import zipfile

    from kis_xl.workbook.build import build

    path = build(tmp_path / "kis_xl.xlsm")
    before = zipfile.ZipFile(path).read("xl/vbaProject.bin")
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb["Orders"]
    ws["B2"], ws["B3"] = "sim", "ON"
    ws.cell(FIRST, 1, "005930")
    ws.cell(FIRST, 2, "BUY")
    ws.cell(FIRST, 3, 1)
    wb.save(path)
    submit(OpenpyxlSheet(path), str(path), client=client)
    assert zipfile.ZipFile(path).read("xl/vbaProject.bin") == before
    assert openpyxl.load_workbook(path, keep_vba=True)["Orders"].cell(FIRST, col("status")).value == "SENT"


def test_cli_validate_and_submit(sim_env, tmp_path, capsys):
    from kis_xl.cli.main import main
    from kis_xl.orders.template import write_sample

    path = write_sample(tmp_path / "s.xlsx")
    assert main(["orders", "validate", str(path), "--json"]) == 1  # the sample has invalid rows on purpose
    assert "not a stock code" in capsys.readouterr().out
    main(["orders", "submit", str(path)])
    out = capsys.readouterr().out
    assert "SENT" in out
    assert main(["orders", "refresh", str(path)]) == 0

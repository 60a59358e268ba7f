"""The order sheet's Account (계좌) column: each row to its own profile's account, one journal per account."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest
import xlsxwriter

from kis_xl.connect import open_client
from kis_xl.errors import KisXlError
from kis_xl.orders.book import OpenpyxlSheet
from kis_xl.orders.rows import HEADERS, column_key
from kis_xl.orders.service import journal_for, refresh_sheet, submit
from kis_xl.orders.template import add_orders_sheet

from ..conftest import new_account, new_app_key, new_app_secret, point_profile
from .test_order_sheet import results


@pytest.fixture
def accounts(sim, monkeypatch, tmp_path):
    """The sheet's own profile ``sim`` and three more on the session simulator, one app key for all: ``isa`` (a
    simulator account), ``pension`` and ``irp`` (real accounts: live money, pointed at the simulator); pension's
    send switch is off. Returns a function writing the config with the real accounts' switches."""
    key, secret = new_app_key(), new_app_secret()
    point_profile(monkeypatch, "sim", sim.real_url)
    numbers = {"isa": new_account(), "pension": new_account(), "irp": new_account()}
    for name in ("SIM", "ISA", "PENSION", "IRP"):
        monkeypatch.setenv(f"KIS_XL_{name}_APP_KEY", key)
        monkeypatch.setenv(f"KIS_XL_{name}_APP_SECRET", secret)
    monkeypatch.setenv("KIS_XL_APP_KEY", key)
    monkeypatch.setenv("KIS_XL_APP_SECRET", secret)
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)

    def write(pension: bool = False, irp: bool = True) -> dict[str, str]:
        config.write_text(
            f'[profiles.isa]\ndomain = "real"\nsimulator = true\nrest_url = "{sim.real_url}"\n'
            f'account = "{numbers["isa"]}"\n\n'
            f'[profiles.pension]\ndomain = "real"\nrest_url = "{sim.real_url}"\naccount = "{numbers["pension"]}"\n'
            f'send_orders = {str(pension).lower()}\n\n'
            f'[profiles.irp]\ndomain = "real"\nrest_url = "{sim.real_url}"\naccount = "{numbers["irp"]}"\n'
            f'send_orders = {str(irp).lower()}\n', encoding="utf-8")
        return numbers

    write()
    return write


def make_sheet(path, rows, *, profile="sim"):
    wb = xlsxwriter.Workbook(str(path))
    add_orders_sheet(wb, macro_name=None, profile=profile, send=True, rows=rows)
    wb.close()
    return path


def row(code, account="", quantity=1, type_="MARKET", price=None, tag=""):
    return {"code": code, "side": "BUY", "quantity": quantity, "type": type_, "price": price, "market": "KRX",
            "tag": tag, "account": account}


def orders_of(name: str) -> list:
    client = open_client(name)
    try:
        return client.daily_orders().orders
    finally:
        client.close()


def journal_of(name: str, path) -> list:
    client = open_client(name)
    try:
        return journal_for(client, str(path), OpenpyxlSheet(path)).entries()
    finally:
        client.close()


def test_each_row_goes_to_its_own_account_with_its_own_journal(accounts, tmp_path):
    with open_client("isa") as isa:
        low = isa.price("000660").lower_limit  # stays open: something to cancel later
    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "isa", type_="LIMIT", price=low),
                                            row("035420", "ISA", quantity=2)])
    outcome = submit(OpenpyxlSheet(path), str(path))
    assert [r["status"] for r in outcome.rows] == ["SENT"] * 3
    assert [r["account"] for r in sorted(outcome.rows, key=lambda r: r["row"])] == ["sim", "isa", "isa"]
    assert [o.code for o in orders_of("sim")] == ["005930"]
    assert sorted(o.code for o in orders_of("isa")) == ["000660", "035420"]
    assert [e.request.code for e in journal_of("sim", path)] == ["005930"]
    assert sorted(e.request.code for e in journal_of("isa", path)) == ["000660", "035420"]
    table = results(path)
    isa_row = next(r for r, v in table.items() if v["Code"] == "000660")
    assert table[isa_row]["Order No"] == next(o.order_no for o in orders_of("isa") if o.code == "000660")

    sheet = OpenpyxlSheet(path)  # CANCEL and REFRESH of a row use its row's account
    sheet.write(next(r for r in sheet.rows() if r.number == isa_row), {"status": "CANCEL"})
    refresh_sheet(OpenpyxlSheet(path))
    assert results(path)[isa_row]["Status"] == "CANCELLED"
    with open_client("isa") as isa:
        assert isa.pending_orders() == []
    assert submit(OpenpyxlSheet(path), str(path)).count("SENT") == 0  # nothing goes twice
    assert len(orders_of("sim")) == 1


def test_an_unknown_profile_is_invalid_on_its_row(accounts, tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "nope")])
    outcome = submit(OpenpyxlSheet(path), str(path))
    by_code = {v["Code"]: v for v in results(path).values()}
    assert by_code["005930"]["Status"] == "SENT" and by_code["000660"]["Status"] == "INVALID"
    message = by_code["000660"]["Message"]
    assert "'nope'" in message and all(name in message for name in ("isa", "pension", "irp", "sim", "mock"))
    assert outcome.count("INVALID") == 1 and [o.code for o in orders_of("sim")] == ["005930"]


def test_a_real_account_whose_switch_is_off_is_not_sent_on_its_row_only(accounts, tmp_path):
    asked = []
    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "pension"), row("035420", "isa")])
    submit(OpenpyxlSheet(path), str(path), confirm=asked.append)
    by_code = {v["Code"]: v for v in results(path).values()}
    assert by_code["000660"]["Status"] == "NOT SENT" and "send_orders" in by_code["000660"]["Message"]
    assert "pension" in by_code["000660"]["Message"]
    assert by_code["005930"]["Status"] == by_code["035420"]["Status"] == "SENT"
    assert orders_of("pension") == [] and asked == []  # nothing to confirm: pension sends nothing

    accounts(pension=True)  # switched on, the next run sends it (after the confirmation)
    submit(OpenpyxlSheet(path), str(path), confirm=asked.append)
    assert [o.code for o in orders_of("pension")] == ["000660"] and len(asked) == 1


def test_the_confirmation_names_each_real_account_before_anything_is_sent(accounts, tmp_path):
    numbers = accounts(pension=True, irp=True)
    rows = [row("005930"), row("000660", "pension"), row("035420", "irp", quantity=3), row("005930", "irp", tag="b")]
    declined = make_sheet(tmp_path / "no.xlsx", rows)

    def decline(lines):
        raise KisXlError("not confirmed")

    with pytest.raises(KisXlError, match="not confirmed"):
        submit(OpenpyxlSheet(declined), str(declined), confirm=decline)
    assert orders_of("sim") == orders_of("pension") == orders_of("irp") == []  # not even the simulator's row

    asked = []

    def confirm(lines):
        asked.append(lines)
        assert orders_of("sim") == orders_of("pension") == orders_of("irp") == []  # asked before any is sent

    path = make_sheet(tmp_path / "o.xlsx", rows)
    submit(OpenpyxlSheet(path), str(path), confirm=confirm)
    [lines] = asked
    text = "\n".join(lines)
    pension = next(line for line in lines if "profile pension" in line)
    irp = next(line for line in lines if "profile irp" in line)
    assert numbers["pension"][:4] + "****-01" in pension and "1 orders" in pension
    assert numbers["irp"][:4] + "****-01" in irp and "2 orders" in irp and " won" in irp
    assert not any(n.replace("-", "")[:8] in text for n in numbers.values())  # never the whole number
    assert "profile sim" not in text and "profile isa" not in text  # only real accounts are confirmed
    assert len(orders_of("pension")) == 1 and len(orders_of("irp")) == 2 and len(orders_of("sim")) == 1


def test_a_crash_and_a_reverted_workbook_send_nothing_twice(accounts, tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660"), row("035420", "isa"),
                                            row("005930", "isa")])
    submit(OpenpyxlSheet(path), str(path), dry_run=True)
    original = tmp_path / "original.xlsx"
    shutil.copy(path, original)
    sent = []

    def crash(r):
        sent.append(r.number)
        if len(sent) == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        submit(OpenpyxlSheet(path), str(path), after_row=crash)
    assert len(orders_of("sim")) == 2 and len(orders_of("isa")) == 1
    shutil.copy(original, path)  # Excel closed without saving: the workbook as it was before the run
    outcome = submit(OpenpyxlSheet(path), str(path))
    assert outcome.count("SENT") == 4
    assert [v["Status"] for v in results(path).values()] == ["SENT"] * 4
    assert sorted(o.code for o in orders_of("sim")) == ["000660", "005930"]
    assert sorted(o.code for o in orders_of("isa")) == ["005930", "035420"]
    assert len(journal_of("isa", path)) == 2 and len(journal_of("sim", path)) == 2


def test_a_sheet_without_the_account_column_runs_as_before(accounts, tmp_path, capsys):
    from kis_xl.cli.main import main

    path = tmp_path / "old.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Orders"
    ws.append(["Profile", "sim"])
    ws.append(["Send orders", "ON"])
    ws.append([HEADERS[k] for k in ("code", "side", "quantity", "type", "market", "tag")])
    ws.append(["005930", "BUY", 1, "MARKET", "KRX", "isa"])  # a Tag that names a profile is only a tag
    wb.save(path)
    assert main(["orders", "submit", str(path), "--json"]) == 0
    [shown] = json.loads(capsys.readouterr().out)
    assert shown["status"] == "SENT" and "account" not in shown
    assert [o.code for o in orders_of("sim")] == ["005930"] and orders_of("isa") == []


def test_the_cli_shows_each_rows_account(accounts, tmp_path, capsys):
    from kis_xl.cli.main import main

    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "isa"), row("035420", "nope")])
    before = path.read_bytes()
    assert main(["orders", "validate", str(path), "--json"]) == 1  # the unknown profile's row
    checked = json.loads(capsys.readouterr().out)
    assert [(r["account"], r["status"]) for r in checked] == [("sim", "VALID"), ("isa", "VALID"), ("nope", "INVALID")]
    assert path.read_bytes() == before and orders_of("isa") == []  # a validation writes and sends nothing
    path = make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "isa")])
    assert main(["orders", "submit", str(path), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(r["account"], r["status"]) for r in shown] == [("sim", "SENT"), ("isa", "SENT")]
    header = account_header(path)
    assert header == "계좌" and column_key(header) == "account"  # the template's column, Korean first


def account_header(path) -> str:
    from kis_xl.orders.rows import COLUMN_ORDER
    from kis_xl.orders.template import HEADER_ROW

    ws = openpyxl.load_workbook(path)["Orders"]
    return ws.cell(HEADER_ROW + 1, COLUMN_ORDER.index("account") + 1).value


def test_the_excel_macro_sends_each_row_to_its_account_and_saves_once(accounts, tmp_path):
    from kis_xl.orders import macro

    from .test_macro_xlwings import applied, book_of, snapshot

    grid = snapshot(make_sheet(tmp_path / "o.xlsx", [row("005930"), row("000660", "isa"), row("035420", "nope")]))
    book = book_of(grid)
    assert macro.submit_orders(book) == "INVALID: 1, SENT: 2"
    funcs = [a["func"] for a in book.json()["actions"]]
    assert funcs.count("save") == 1 and funcs.index("save") > max(i for i, f in enumerate(funcs) if f == "setValues")
    assert [o.code for o in orders_of("sim")] == ["005930"] and [o.code for o in orders_of("isa")] == ["000660"]
    macro.submit_orders(book_of(applied(grid, book)))  # the saved workbook's next run sends nothing again
    assert len(orders_of("sim")) == len(orders_of("isa")) == 1


def test_an_unknown_profile_is_told_in_korean_by_default(accounts, tmp_path, korean):
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", "없는계좌")])
    submit(OpenpyxlSheet(path), str(path), dry_run=True)
    [shown] = results(path).values()
    assert shown["Status"] == "INVALID"
    assert "'없는계좌'라는 프로필이 없습니다" in shown["Message"] and "이 줄은 보내지 않았습니다" in shown["Message"]


def test_orders_watch_follows_the_sheets_own_account_and_says_so(accounts, tmp_path, capsys):
    from kis_xl.cli.main import main

    with open_client("sim") as sim_client:
        low = sim_client.price("005930").lower_limit  # both rest open
    path = make_sheet(tmp_path / "o.xlsx", [row("005930", type_="LIMIT", price=low),
                                            row("005930", "isa", type_="LIMIT", price=low)])
    submit(OpenpyxlSheet(path), str(path))
    assert main(["orders", "watch", str(path), "--timeout", "1", "--json"]) == 4
    out = capsys.readouterr()
    followed = json.loads(out.out)
    own = next(o for o in orders_of("sim"))
    assert [(r["row"], r["order_no"]) for r in followed] == [(min(results(path)), own.order_no)]
    assert "other accounts (isa)" in out.err and "orders refresh" in out.err

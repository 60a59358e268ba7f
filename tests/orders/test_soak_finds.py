"""What the soak's issue-27 kinds found in the product (benchmarks/order_crash.py), each reproduced."""

import pytest

from kis_xl.orders.book import OpenpyxlSheet
from tests.orders.test_order_core import URL, cells
from tests.orders.test_order_sheet import make_sheet


def test_excel_s_first_run_unsaved_then_the_cli_by_its_path_sends_nothing_again(make_client, tmp_path):
    """The soak's "identity" kind with its "revert": Excel's first sending run (the workbook known by its OneDrive
    URL) wrote the id into the book and sent the row; Excel was closed with "Don't Save", so neither the results
    nor the id reached the file; the CLI then runs the file by its local path. The URL's journal is forwarded to
    an id the file does not hold, the path's name to nothing: a new id, an empty journal, the row sent again."""
    from kis_xl.orders.service import submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    before = path.read_bytes()
    submit(OpenpyxlSheet(path), URL, client=client)  # as the macro: book.fullname is the URL
    assert len(client.daily_orders().orders) == 1
    path.write_bytes(before)  # Excel closed with "Don't Save"
    submit(OpenpyxlSheet(path), str(path), client=client)  # as the CLI: its local path
    assert len(client.daily_orders().orders) == 1, "the row was sent a second time"
    assert cells(path)["status"] in ("SENT", "FILLED", "UNKNOWN")  # its order found, or in doubt with a message


def test_the_cli_s_run_restored_then_excel_by_its_url_sends_nothing_again(make_client, tmp_path):
    """The reverse: the CLI sent by the local path, an earlier version of the file was restored (no id, no
    results), then Excel runs it by its OneDrive URL: the same workbook, its order found."""
    from kis_xl.orders.service import submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    before = path.read_bytes()
    submit(OpenpyxlSheet(path), str(path), client=client)
    path.write_bytes(before)  # version history: the copy from before the run
    submit(OpenpyxlSheet(path), URL, client=client)
    assert len(client.daily_orders().orders) == 1
    assert cells(path)["order_no"] == client.daily_orders().orders[0].order_no


def test_another_workbook_of_the_same_file_name_is_not_taken_for_it(make_client, tmp_path):
    """Same file name, the other kind of name, but none of its rows repeats an order of that id: a workbook of its
    own, its rows go out. One whose row does repeat it cannot be told from the file come back: its row is that
    order (as in a copy), never a second one."""
    from kis_xl.orders.service import submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    before = path.read_bytes()
    submit(OpenpyxlSheet(path), URL, client=client)
    path.write_bytes(before)
    (tmp_path / "b").mkdir(), (tmp_path / "c").mkdir()
    other = make_sheet(tmp_path / "b" / "o.xlsx", [("000660", "BUY", 1, "MARKET", None, "KRX", "")])
    submit(OpenpyxlSheet(other), str(other), client=client)
    assert len(client.daily_orders().orders) == 2  # its own row went out
    repeat = make_sheet(tmp_path / "c" / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    submit(OpenpyxlSheet(repeat), str(repeat), client=client)
    first = next(o for o in client.daily_orders().orders if o.code == "005930")
    assert len(client.daily_orders().orders) == 2 and cells(repeat)["order_no"] == first.order_no


def test_two_ids_of_the_same_file_its_rows_repeat_stop_the_run(make_client, tmp_path):
    """Two URLs of one file name each sent the row (two workbooks, each closed unsaved): which one the local file
    is cannot be told; nothing is sent and the run says why."""
    from kis_xl.errors import KisXlError
    from kis_xl.orders.service import submit

    client = make_client()
    path = make_sheet(tmp_path / "o.xlsx", [("005930", "BUY", 3, "MARKET", None, "KRX", "")])
    before = path.read_bytes()
    for url in (URL, URL.replace("Documents", "Shared")):
        submit(OpenpyxlSheet(path), url, client=client)
        path.write_bytes(before)
    with pytest.raises(KisXlError, match="repeat orders sent from 2 workbooks"):
        submit(OpenpyxlSheet(path), str(path), client=client)
    assert len(client.daily_orders().orders) == 2


@pytest.mark.parametrize("a, b, same", [
    (URL, "/home/u/OneDrive/Documents/o.xlsx", True),
    ("https://contoso.sharepoint.com/sites/T/Shared%20Documents/%EC%A3%BC%EB%AC%B8.xlsx",
     r"C:\Users\me\Contoso\T - Documents\주문.xlsx", True),
    (URL, "/home/u/OneDrive/Documents/p.xlsx", False),
    ("/a/o.xlsx", "/b/o.xlsx", False),  # two local paths: two places, two workbooks
    (URL, URL, False),
])
def test_excel_s_url_and_the_cli_s_path_of_one_file(a, b, same):
    from kis_xl.orders import identity

    assert identity.same_file(a, b) is same

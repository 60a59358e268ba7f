"""kis-xl: the Korea Investment & Securities Open API in Excel, with a built-in KIS simulator."""

__version__ = "0.1.0"


def main() -> None:
    """xlwings' "Run main" for workbooks/kis_xl.xlsm (the module named after the workbook): the order sheet."""
    from .orders.macro import run_from_sheet

    run_from_sheet()

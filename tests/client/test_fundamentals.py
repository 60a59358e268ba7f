"""Fundamentals (재무) and KSD's dividend schedule through the client, against the simulator (issue 30)."""

from datetime import date

import pytest

from kis_xl.errors import InvalidCode, InvalidInput, NotOffered
from kis_xl.models import BalanceSheet, FinancialRatio, IncomeStatement


def test_statements_by_year_and_quarter(make_client):
    client = make_client()
    years = client.financials("005930", "ratio", "year")
    assert all(isinstance(r, FinancialRatio) for r in years)
    assert [r.period for r in years] == ["2024.12", "2023.12", "2022.12", "2021.12", "2020.12"]  # clock: 2025-06-02
    quarters = client.financials("005930", "손익계산서", "분기")
    assert isinstance(quarters[0], IncomeStatement) and quarters[0].period == "2025.03" and len(quarters) == 8
    assert quarters[1].period == "2024.12"
    income = client.financials("005930", "income", "year")[0]
    assert income.gross_profit == pytest.approx(income.revenue - income.cost_of_sales, abs=0.02)
    balance = client.financials("005930", "balance", "year")[0]
    assert isinstance(balance, BalanceSheet)
    assert balance.total_assets == pytest.approx(balance.total_liabilities + balance.total_equity, abs=0.02)
    # one company's kinds agree: the ratio's debt ratio is the balance sheet's, its ROE the profit ratio's
    assert years[0].debt_ratio == pytest.approx(balance.total_liabilities / balance.total_equity * 100, abs=0.01)
    assert years[0].roe == client.financials("005930", "profit")[0].roe
    assert years[0].sales_growth == client.financials("005930", "growth")[0].sales_growth


def test_opinions_estimates_dividends(make_client):
    client = make_client()
    opinions = client.opinions("005930", date(2025, 1, 1), date(2025, 6, 2))
    assert opinions and all(date(2025, 1, 1) <= o.date <= date(2025, 6, 2) for o in opinions)
    assert opinions == sorted(opinions, key=lambda o: o.date, reverse=True) and opinions[0].target_price > 0
    est = client.estimates("005930")
    assert est.name == "삼성전자" and est.periods == ("2023.12", "2024.12", "2025.12", "2026.12", "2027.12")
    assert {r.block for r in est.rows} == {"statement", "indicators"} and all(len(r.values) == 5 for r in est.rows)
    divs = client.dividends(date(2024, 1, 1), date(2025, 6, 2), "005930")
    assert divs and all(d.code == "005930" and date(2024, 1, 1) <= d.record_date <= date(2025, 6, 2) for d in divs)
    assert any(d.kind == "결산배당" and d.record_date == date(2024, 12, 31) for d in divs)
    final = client.dividends(date(2024, 1, 1), date(2024, 12, 31), kind="final")
    assert len({d.code for d in final}) > 5 and {d.kind for d in final} == {"결산배당"}
    assert all(d.pay_date > d.record_date for d in final)


def test_bad_input_and_mock_domain(make_client):
    client = make_client()
    with pytest.raises(InvalidInput, match="kind must be one of"):
        client.financials("005930", "cashflow")
    with pytest.raises(InvalidInput, match="period must be year or quarter"):
        client.financials("005930", "ratio", "month")
    with pytest.raises(InvalidCode, match="unknown code 995000"):
        client.financials("995000")
    with pytest.raises(InvalidCode, match="unknown code 995000"):
        client.dividends(date(2025, 1, 1), date(2025, 6, 1), "995000")
    with pytest.raises(InvalidInput, match="after end"):
        client.dividends(date(2025, 6, 1), date(2025, 1, 1))
    mock = make_client("mock")
    with pytest.raises(NotOffered, match="use a real-domain key"):
        mock.financials("005930")
    with pytest.raises(NotOffered):
        mock.dividends(date(2025, 1, 1), date(2025, 6, 1))

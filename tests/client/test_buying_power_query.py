"""The buying-power query sends what KIS's sample sends: a market-order query carries a price in ORD_UNPR."""


def test_market_order_buying_power_sends_a_price(make_client, monkeypatch):
    client = make_client()
    sent = []
    call = client.transport.call

    def spy(endpoint, **kwargs):
        if endpoint == "buying_power":
            sent.append(kwargs["params"])
        return call(endpoint, **kwargs)

    monkeypatch.setattr(client.transport, "call", spy)
    bp = client.buying_power("005930")
    [market] = sent
    assert market["ORD_DVSN"] == "01" and market["ORD_UNPR"].isdigit() and int(market["ORD_UNPR"]) > 0
    assert bp.max_qty > 0
    client.buying_power("005930", 70_000)
    assert (sent[1]["ORD_DVSN"], sent[1]["ORD_UNPR"]) == ("00", "70000")

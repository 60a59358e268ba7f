"""The transport's failure table: every failure has a row, an order is never retried, replies classify once."""

from __future__ import annotations

import json

import pytest
import requests

from kis_xl import spec
from kis_xl.client.transport import (
    POLICY,
    RAISE,
    RENEW,
    RETRY,
    Failure,
    Refusal,
    classify_reply,
)
from kis_xl.errors import OrderNotSent, OrderOutcomeUnknown

ORDER = spec.ENDPOINTS["order_buy"]


def test_every_failure_has_one_row_for_orders_and_queries():
    assert set(POLICY) == set(Failure)
    for order, query in POLICY.values():
        assert order is not RETRY  # an order goes out once (again only after a token renewal)
        assert isinstance(order, Refusal) or order in (RAISE, RENEW)
        assert isinstance(query, Refusal) or query in (RAISE, RETRY, RENEW)


def test_an_order_that_may_have_reached_kis_is_never_called_not_sent():
    for kind in (Failure.NO_ANSWER, Failure.SERVER_ERROR, Failure.NOT_KIS, Failure.HTTP_ERROR, Failure.KIS_BUSY_HTTP):
        assert POLICY[kind][0].exception is OrderOutcomeUnknown, kind
    for kind in (Failure.NO_TOKEN, Failure.UNRECORDED, Failure.NO_CONNECTION, Failure.RATE_LIMITED,
                 Failure.TOKEN_REFUSED):
        assert POLICY[kind][0].exception is OrderNotSent, kind


def reply(status: int, body) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = (json.dumps(body) if isinstance(body, dict) else body).encode()
    return resp


@pytest.mark.parametrize("status, body, kind", [
    (502, "<html>bad gateway</html>", Failure.SERVER_ERROR),
    (404, "not found", Failure.NOT_KIS),
    (500, {"message": "internal"}, Failure.NOT_KIS),  # JSON, but not KIS's envelope
    (200, {"rt_cd": "1", "msg_cd": "EGW00201", "msg1": "초당 거래건수를 초과하였습니다."}, Failure.RATE_LIMITED),
    (500, {"rt_cd": "1", "msg_cd": "EGW00123", "msg1": "기간이 만료된 token 입니다."}, Failure.TOKEN_EXPIRED),
    (403, {"error_code": "EGW00133", "error_description": "접근토큰 발급 잠시 후 다시 시도하세요"}, Failure.TOKEN_REFUSED),
    (500, {"rt_cd": "1", "msg_cd": "EGW00002", "msg1": "서버 에러가 발생했습니다."}, Failure.KIS_BUSY_HTTP),
    (200, {"rt_cd": "1", "msg_cd": "EGW00002", "msg1": "서버 에러가 발생했습니다."}, Failure.KIS_BUSY),
    (500, {"rt_cd": "1", "msg_cd": "OPSQ0002", "msg1": "없는 서비스 코드 입니다"}, Failure.HTTP_ERROR),
    (200, {"rt_cd": "1", "msg_cd": "APBK0919", "msg1": "주문가능금액을 초과 했습니다"}, Failure.KIS_REFUSED),
])
def test_each_reply_is_classified_once(status, body, kind):
    data = body if isinstance(body, dict) else None
    assert classify_reply(ORDER, "TTTC0012U", reply(status, body), data).kind is kind


def test_an_order_refusal_reads_in_korean_by_default(korean):
    from kis_xl.client.transport import Failed
    from kis_xl.errors import RateLimited

    err = RateLimited("EGW00201", "초당 거래건수를 초과하였습니다.")
    said = POLICY[Failure.RATE_LIMITED][0].say(Failed(Failure.RATE_LIMITED, err, str(err)))
    assert said.startswith("주문 미전송") and "EGW00201" in said

"""A connection dropped after the request was sent: queries fail clearly, orders become 'outcome unknown'."""

import socket
import threading

import pytest
import requests

from kis_xl.client import KisClient
from kis_xl.client.transport import never_connected
from kis_xl.errors import OrderNotSent, OrderOutcomeUnknown, TransportError


class DroppingPeer:
    """Answers tokenP like KIS and a HEAD of its root with its clock (a Monday, 10:00 KST: KRX trades), then
    reads each request and closes the connection without a reply."""

    answer: bytes | None = None  # what every other request gets (None: the connection is closed unanswered)

    TOKEN = (b'{"access_token":"t","access_token_token_expired":"2099-01-01 00:00:00","token_type":"Bearer",'
             b'"expires_in":86400}')
    DATE = b"date: Mon, 02 Jun 2025 01:00:00 GMT\r\n"

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(65536)
                self.requests.append(data.split(b"\r\n", 1)[0].decode())
                body = self.TOKEN if b"/oauth2/tokenP" in data else b"" if data.startswith(b"HEAD / ") else \
                    self.answer
                if body is not None:
                    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                 + str(len(body)).encode() + b"\r\nconnection: close\r\n" + self.DATE + b"\r\n"
                                 + body)

    def close(self):
        """Stop listening for real (a bare close leaves the socket open under the thread blocked in accept)."""
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


@pytest.fixture
def peer():
    p = DroppingPeer()
    yield p
    p.close()


def test_dropped_order_is_unknown_and_sent_once(peer, make_profile):
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    with pytest.raises(OrderOutcomeUnknown, match="check the day's orders"):
        client.buy("005930", 1)
    assert sum("order-cash" in r for r in peer.requests) == 1  # never resent
    client.close()


def test_dropped_query_is_retried_then_reported(peer, make_profile, quick_retries):
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    with pytest.raises(TransportError, match="did not answer"):
        client.price("005930")
    assert sum("inquire-price" in r for r in peer.requests) == 5 and client.stats.retries == 4
    client.close()


def test_an_order_that_never_left_the_machine_is_not_sent_not_unknown(peer, make_profile):
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    client.transport.tokens.token()  # a valid token, then the server goes away: the connection is refused
    peer.close()
    with pytest.raises(OrderNotSent, match="no connection"):
        client.buy("005930", 1)
    assert not any("order-cash" in r for r in peer.requests)
    client.close()


def test_the_stage_of_a_failure_is_read_from_its_type_not_its_text(peer):
    with pytest.raises(requests.ConnectionError) as dns:
        requests.post("http://kis-xl-test.invalid/uapi", timeout=2)  # name resolution fails
    assert never_connected(dns.value)
    with pytest.raises(requests.ConnectionError) as dropped:
        requests.post(peer.url + "/uapi", json={}, timeout=2)  # connected, request sent, no answer
    assert not never_connected(dropped.value)
    assert not never_connected(requests.ConnectionError("NewConnectionError: Failed to establish"))  # mere text
    assert never_connected(requests.ConnectTimeout())


class BareJsonPeer(DroppingPeer):
    """Answers an order with HTTP 200 and a JSON body that is not KIS's envelope (a proxy, a gateway page)."""

    answer = b'{"status":"ok"}'


def test_an_order_answered_200_without_rt_cd_is_unknown_not_rejected(make_profile):
    peer = BareJsonPeer()
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    try:
        with pytest.raises(OrderOutcomeUnknown, match="without KIS's rt_cd"):
            client.buy("005930", 1)
        assert sum("order-cash" in r for r in peer.requests) == 1
    finally:
        client.close()
        peer.close()

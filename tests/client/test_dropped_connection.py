"""A connection dropped after the request was sent: queries fail clearly, orders become 'outcome unknown'."""

import socket
import threading

import pytest

from kis_xl.client import KisClient
from kis_xl.errors import OrderOutcomeUnknown, TransportError


class DroppingPeer:
    """Answers tokenP like KIS, then reads each request and closes the connection without a reply."""

    TOKEN = (b'{"access_token":"t","access_token_token_expired":"2099-01-01 00:00:00","token_type":"Bearer",'
             b'"expires_in":86400}')

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
                if b"/oauth2/tokenP" in data:
                    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                                 + str(len(self.TOKEN)).encode() + b"\r\nconnection: close\r\n\r\n" + self.TOKEN)

    def close(self):
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


def test_dropped_query_is_retried_then_reported(peer, make_profile):
    client = KisClient(make_profile(rest_url=peer.url, simulator=False), timeout=2)
    with pytest.raises(TransportError, match="did not answer"):
        client.price("005930")
    assert sum("inquire-price" in r for r in peer.requests) == 5 and client.stats.retries == 4
    client.close()

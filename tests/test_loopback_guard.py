"""The test session's network guard (tests/conftest.py): loopback yes, anything else no."""

from __future__ import annotations

import socket

import pytest


@pytest.mark.parametrize("address", [("192.0.2.1", 443), ("2001:db8::1", 80)])
def test_a_connection_beyond_loopback_is_refused_before_it_leaves(address) -> None:
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        with pytest.raises(OSError, match="only connect to loopback"):
            sock.connect(address)
        with pytest.raises(OSError, match="only connect to loopback"):
            sock.connect_ex(address)


def test_loopback_still_connects() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=2):
            accepted, _ = server.accept()
            accepted.close()

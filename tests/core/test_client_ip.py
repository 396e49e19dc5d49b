"""Behind a reverse proxy the lockout and the audit trail must see the person's address,
not the proxy's, and must not believe addresses the client wrote itself."""

import pytest
from django.test import RequestFactory

from rapidreview.core.client_ip import client_ip


def request_with(**meta):
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_connection_address_is_used(settings):
    settings.PROXY_COUNT = 0
    request = request_with(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.5"


@pytest.mark.parametrize(
    ("forwarded", "proxies", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),  # the client forged the first hop
        ("203.0.113.7, 10.0.0.9", 2, "203.0.113.7"),
        ("", 1, "10.0.0.5"),
        ("not-an-address", 1, "10.0.0.5"),
    ],
)
def test_behind_proxies_the_trusted_hop_is_used(settings, forwarded, proxies, expected):
    settings.PROXY_COUNT = proxies
    request = request_with(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected

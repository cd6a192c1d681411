"""Audit entries name the person's address, also behind the nginx of docs/deploy.md."""

import pytest
from django.test import RequestFactory

from thanrak.core.clientip import client_ip


def request(xff: str | None = None, remote: str = "127.0.0.1"):  # noqa: ANN201
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


class TestClientIp:
    def test_without_a_proxy_the_header_is_not_believed(self, settings):
        settings.THANRAK_TRUSTED_PROXIES = 0

        assert client_ip(request("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"

    def test_behind_one_proxy_the_client_is_the_address_nginx_appended(self, settings):
        settings.THANRAK_TRUSTED_PROXIES = 1

        assert client_ip(request("203.0.113.9")) == "203.0.113.9"

    def test_a_client_cannot_choose_its_address_by_sending_the_header(self, settings):
        settings.THANRAK_TRUSTED_PROXIES = 1

        assert client_ip(request("10.9.9.9, 203.0.113.9")) == "203.0.113.9"

    def test_behind_two_proxies_the_second_entry_from_the_end_is_the_client(self, settings):
        settings.THANRAK_TRUSTED_PROXIES = 2

        assert client_ip(request("10.9.9.9, 203.0.113.9, 192.0.2.1")) == "203.0.113.9"

    @pytest.mark.parametrize("xff", ["", "not-an-address", " , "])
    def test_a_missing_or_garbled_header_falls_back_to_the_peer(self, settings, xff):
        settings.THANRAK_TRUSTED_PROXIES = 1

        assert client_ip(request(xff)) == "127.0.0.1"

    def test_ipv6_addresses_are_kept(self, settings):
        settings.THANRAK_TRUSTED_PROXIES = 1

        assert client_ip(request("2001:db8::1")) == "2001:db8::1"

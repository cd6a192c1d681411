"""A `next` parameter sends a person back within this site, never to another one."""

import pytest
from django.test import RequestFactory

from thanrak.core.redirects import safe_next

ELSEWHERE = [
    "//evil.example/x",
    "https://evil.example/x",
    "http://evil.example",
    "/\\evil.example/x",
    "\\\\evil.example",
    "javascript:alert(1)",
    "///evil.example/x",
    " //evil.example/x",
]


class TestSafeNext:
    @pytest.mark.parametrize("target", ELSEWHERE)
    def test_refuses_a_target_on_another_site(self, target):
        request = RequestFactory().post("/monitoring/workflow/submit/", {"next": target})

        assert safe_next(request, "/monitoring/workflow/") == "/monitoring/workflow/"

    @pytest.mark.parametrize(
        "target", ["/monitoring/workflow/?area=56&fy=2569", "http://testserver/registry/"]
    )
    def test_follows_a_target_on_this_site(self, target):
        request = RequestFactory().post("/monitoring/workflow/submit/", {"next": target})

        assert safe_next(request, "/") == target

    def test_falls_back_when_there_is_no_target(self):
        request = RequestFactory().get("/x/")

        assert safe_next(request, "/home/") == "/home/"

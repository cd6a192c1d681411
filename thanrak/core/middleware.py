"""Thai first: the page language is the one the person chose (set_language), otherwise Thai."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ThaiFirstLocaleMiddleware:
    """Like LocaleMiddleware, but a browser's Accept-Language does not override Thai.

    Many phones in Thailand run in English while their owners read Thai; the language menu (which
    sets the language cookie) is the one way to change it. Programs calling the API have no menu:
    there an Accept-Language naming a language Thanrak speaks is obeyed (else Thai).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        vary = ("Cookie",)
        if not chosen and request.path.startswith("/api/"):
            asked = translation.get_language_from_request(request, check_path=False)
            if asked in self.supported and request.headers.get("Accept-Language"):
                language = asked
            vary = ("Cookie", "Accept-Language")
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, vary)
        response.headers.setdefault("Content-Language", language)
        return response

"""postsale's renderer follows Django's language for the request (LocaleMiddleware chose it from
the switcher's cookie or Accept-Language), so every sentence of a plan renders in the page's
language."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from postsale.i18n import LANGUAGES, activate


class PostsaleLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lang = translation.get_language() or "en"
        lang = lang.split("-")[0]
        with activate(lang if lang in LANGUAGES else "en"):
            return self.get_response(request)

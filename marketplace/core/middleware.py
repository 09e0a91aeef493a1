"""Request middleware."""

from django.conf import settings
from django.db import connections
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class SqlQueryCountHeaderMiddleware:
    """With SQL_QUERY_COUNT_HEADER on (benchmarks), every response says how many SQL queries it
    took in `X-SQL-Queries`, so a client measures the server's query budget over HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = settings.SQL_QUERY_COUNT_HEADER

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-SQL-Queries"] = str(count)
        return response


class PageLocaleMiddleware(LocaleMiddleware):
    """Pages speak Vietnamese unless the visitor chose English with the language switch (its
    cookie): many phones in Vietnam are set to English, and a browser's preference should not
    turn a Vietnamese marketplace into an English one. The API still follows Accept-Language,
    which is how a client asks for English messages."""

    def process_request(self, request):
        if request.path.startswith("/graphql/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

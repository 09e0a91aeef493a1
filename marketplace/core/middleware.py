"""Request middleware."""

from django.conf import settings
from django.db import connections


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

"""The /graphql/ endpoint: GraphiQL in browsers, JSON for clients, multipart uploads, limits."""

import json
import logging
from functools import lru_cache

from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionResult,
    GraphQLError,
    OperationType,
    Visitor,
    execute,
    get_operation_ast,
    parse,
    validate,
    visit,
)

from marketplace.graphql.auth import AuthenticationFailed, authenticate_request
from marketplace.graphql.limits import QueryLimits, check_limits

logger = logging.getLogger("marketplace.graphql")


def _bad_request(message: str, code: str = "BAD_REQUEST", status: int = 400):
    return JsonResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status=status
    )


def _http_error(message: str, status: int = 400) -> HttpError:
    """graphene-django turns an HttpError into `{"errors": [{"message": ...}]}`."""
    return HttpError(HttpResponse(message, status=status))


@method_decorator(csrf_exempt, name="dispatch")
class MarketplaceGraphQLView(GraphQLView):
    graphiql_template = "graphql/graphiql.html"

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() == "get" and self.request_wants_html(request):
            return self.render_graphiql(request)  # GraphiQL needs no identity
        try:
            request.user = authenticate_request(request)
        except AuthenticationFailed as exc:
            return _bad_request(str(exc), code="INVALID_TOKEN", status=401)
        try:
            return super().dispatch(request, *args, **kwargs)
        except _MalformedUpload as exc:
            return _bad_request(str(exc))

    def parse_body(self, request):
        if self.get_content_type(request) == "multipart/form-data":
            return _parse_multipart(request)
        return super().parse_body(request)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if not query:
            raise _http_error("Send a GraphQL query in `query`.")
        if variables is not None and not isinstance(variables, dict):
            raise _http_error("`variables` must be a JSON object.")
        schema = self.schema.graphql_schema
        document, errors, nul_in_literals = _parse_and_validate(schema, query)
        if errors:
            return ExecutionResult(errors=errors)
        if nul_in_literals or _contains_nul(variables):
            # PostgreSQL cannot store U+0000 in text; no real input has it.
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        "Text may not contain the NUL character (U+0000).",
                        extensions={"code": "INVALID"},
                    )
                ]
            )
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return ExecutionResult(
                errors=[GraphQLError("Name the operation to run with `operationName`.")]
            )
        if request.method.lower() == "get" and operation.operation != OperationType.QUERY:
            raise _http_error("Mutations are sent with POST.", status=405)
        errors = check_limits(document, operation, variables, QueryLimits.from_settings())
        if errors:
            return ExecutionResult(errors=errors)
        return execute(
            schema,
            document,
            root_value=self.get_root_value(request),
            context_value=self.get_context(request),
            variable_values=variables,
            operation_name=operation_name,
            middleware=self.get_middleware(request),
        )

    @staticmethod
    def format_error(error):
        original = getattr(error, "original_error", None)
        if (
            isinstance(error, GraphQLError)
            and original is not None
            and not isinstance(original, GraphQLError)
        ):
            # An unexpected failure: log it whole, tell the client only that it happened.
            logger.error("GraphQL resolver failed", exc_info=original)
            formatted = error.formatted
            formatted["message"] = "Internal error."
            formatted["extensions"] = {"code": "INTERNAL_ERROR"}
            return formatted
        return GraphQLView.format_error(error)


@lru_cache(maxsize=512)
def _parse_and_validate(schema, query: str):
    """Parse and validate a query once: clients send the same few queries over and over, and
    validating a large query costs more than running it. The schema never changes at runtime."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, [error], False
    nul_in_literals = False

    class _FindNul(Visitor):
        def enter_string_value(self, node, *args):
            nonlocal nul_in_literals
            nul_in_literals = nul_in_literals or "\x00" in node.value

    visit(document, _FindNul())
    return document, validate(schema, document), nul_in_literals


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(item) for item in value)
    return False


class _MalformedUpload(Exception):
    pass


def _parse_multipart(request) -> dict:
    """The GraphQL multipart request spec: `operations` (JSON), `map` (JSON: file key -> list of
    variable paths) and the files. Each file is put where its paths say."""
    try:
        operations = json.loads(request.POST["operations"])
        files_map = json.loads(request.POST.get("map") or "{}")
    except (KeyError, ValueError) as exc:
        raise _MalformedUpload(
            "A multipart request needs `operations` and `map` form fields holding JSON."
        ) from exc
    if not isinstance(operations, dict) or not isinstance(files_map, dict):
        raise _MalformedUpload("`operations` and `map` must be JSON objects.")
    for key, paths in files_map.items():
        if key not in request.FILES:
            raise _MalformedUpload(f"The map names file {key!r}, which was not sent.")
        if not isinstance(paths, list):
            raise _MalformedUpload("Each entry of `map` is a list of paths.")
        for path in paths:
            _place(operations, str(path).split("."), request.FILES[key])
    return operations


def _place(target, path: list[str], value) -> None:
    for index, key in enumerate(path):
        last = index == len(path) - 1
        try:
            if isinstance(target, list):
                key = int(key)
                if last:
                    target[key] = value
                else:
                    target = target[key]
            elif isinstance(target, dict):
                if last:
                    target[key] = value
                else:
                    target = target[key]
            else:
                raise TypeError
        except (KeyError, IndexError, ValueError, TypeError):
            raise _MalformedUpload(f"The map path {'.'.join(path)!r} leads nowhere.") from None


def graphql_view():
    return MarketplaceGraphQLView.as_view(graphiql=True)

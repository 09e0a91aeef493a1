"""The /graphql/ endpoint: GraphiQL in browsers, JSON for clients, multipart uploads, limits,
automatic persisted queries and cacheable GETs (persisted.py)."""

import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError, OperationType, execute, get_operation_ast

from marketplace.graphql.auth import AuthenticationFailed, authenticate_request
from marketplace.graphql.documents import (
    DocumentLimits,
    parsed,
    validation_errors,
    variables_errors,
)
from marketplace.graphql.limits import QueryLimits, check_limits
from marketplace.graphql.persisted import (
    PersistedQueryError,
    persisted_query,
    public_max_age,
    register,
    requested_hash,
    set_cache_headers,
)

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
        # Set while the request runs (one view instance per request): the seconds a shared
        # cache may keep the answer, and whether it is a persisted-query miss.
        self.shared_max_age: int | None = None
        self.persisted_miss = False
        response = self._respond(request)
        public = (
            self.shared_max_age is not None
            and request.method.lower() == "get"
            and response.status_code == 200
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.user.is_authenticated
        )
        set_cache_headers(response, max_age=self.shared_max_age if public else None)
        return response

    def _respond(self, request):
        try:
            request.user = authenticate_request(request)
        except AuthenticationFailed as exc:
            return _bad_request(str(exc), code="INVALID_TOKEN", status=401)
        try:
            return self._run(request)
        except _BadRequest as exc:
            return _bad_request(str(exc), code=exc.code, status=exc.status)
        except RequestDataTooBig:
            return _bad_request(
                f"The request is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.",
                code="REQUEST_TOO_LARGE",
                status=413,
            )

    def _run(self, request):
        """graphene-django's dispatch for one operation, without its `ensure_csrf_cookie`: the
        API reads no cookie (auth.py), and a Set-Cookie on every answer would keep a CDN from
        caching the public ones."""
        try:
            if request.method.lower() not in ("get", "post"):
                raise HttpError(
                    HttpResponseNotAllowed(["GET", "POST"], "Send GraphQL with GET or POST.")
                )
            result, status = self.get_response(request, self.parse_body(request))
            if self.persisted_miss:
                status = 200  # Apollo's clients turn persisted queries off on a 400
            return HttpResponse(status=status, content=result, content_type="application/json")
        except HttpError as exc:
            response = exc.response
            response["Content-Type"] = "application/json"
            response.content = self.json_encode(request, {"errors": [self.format_error(exc)]})
            return response

    def parse_body(self, request):
        if self.get_content_type(request) == "multipart/form-data":
            return _parse_multipart(request)
        if self.get_content_type(request) == "application/json":
            return _parse_json(request)
        return super().parse_body(request)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        if query is not None and not isinstance(query, str):
            raise _http_error("`query` must be a string.")
        try:
            sha256_hash = requested_hash(request.GET.get("extensions") or data.get("extensions"))
            persisted = (
                persisted_query(sha256_hash=sha256_hash, query=query) if sha256_hash else None
            )
        except PersistedQueryError as exc:
            self.persisted_miss = exc.status == 200
            return ExecutionResult(errors=[exc.graphql_error()])
        if persisted is not None:
            query = persisted.query
        if not query:
            raise _http_error("Send a GraphQL query in `query`.")
        if variables is not None and not isinstance(variables, dict):
            raise _http_error("`variables` must be a JSON object.")
        schema = self.schema.graphql_schema
        bounds = DocumentLimits.from_settings()
        document, errors = parsed(query, bounds)
        errors = variables_errors(variables, bounds) + errors
        if errors:
            return ExecutionResult(errors=errors)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return ExecutionResult(
                errors=[
                    GraphQLError(
                        "Name the operation to run with `operationName`.",
                        extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
                    )
                ]
            )
        if request.method.lower() == "get" and operation.operation != OperationType.QUERY:
            raise _http_error("Mutations are sent with POST.", status=405)
        # The limits before validation: validation is quadratic in the fields of a flood.
        errors = check_limits(schema, document, operation, variables, QueryLimits.from_settings())
        errors = errors or validation_errors(schema, query, bounds)
        if errors:
            return ExecutionResult(errors=errors)
        if persisted is not None:
            register(persisted=persisted)
        result = execute(
            schema,
            document,
            root_value=self.get_root_value(request),
            context_value=self.get_context(request),
            variable_values=variables,
            operation_name=operation_name,
            middleware=self.get_middleware(request),
        )
        if operation.operation == OperationType.QUERY and not result.errors:
            self.shared_max_age = public_max_age(document, operation)
        return result

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
        if isinstance(error, HttpError):  # graphene-django's and ours: the request's form
            code = "METHOD_NOT_ALLOWED" if error.response.status_code == 405 else "BAD_REQUEST"
            return {"message": error.message, "extensions": {"code": code}}
        formatted = GraphQLView.format_error(error)
        if isinstance(error, GraphQLError) and not (error.extensions or {}).get("code"):
            # Without a path it came from coercing the variables (a string for an Int, 10^12,
            # a required value missing): the client's input, refused before anything ran.
            code = "INVALID" if error.path else "BAD_USER_INPUT"
            formatted["extensions"] = {**(formatted.get("extensions") or {}), "code": code}
        return formatted


def _parse_json(request) -> dict:
    """One operation as a JSON object. Batches (a JSON array of operations) are refused: each
    operation would pass the limits alone while the request as a whole would not."""
    try:
        body = request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise _BadRequest("The body is not UTF-8.") from None
    if body.lstrip().startswith("["):
        raise _BadRequest(
            "Batched requests (a JSON array of operations) are not accepted: send one "
            "operation per request.",
            code="BATCHING_NOT_SUPPORTED",
        )
    try:
        data = json.loads(body, parse_constant=_not_json)
    except (ValueError, RecursionError):
        raise _BadRequest("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise _BadRequest("The body must be a JSON object holding `query`.")
    return data


def _not_json(constant: str):
    raise ValueError(f"{constant} is not JSON")  # Python reads NaN and Infinity; JSON has neither


class _BadRequest(Exception):
    def __init__(self, message: str, code: str = "BAD_REQUEST", status: int = 400):
        super().__init__(message)
        self.code, self.status = code, status


def _parse_multipart(request) -> dict:
    """The GraphQL multipart request spec: `operations` (JSON), `map` (JSON: file key -> list of
    variable paths) and the files. Each file is put where its paths say."""
    try:
        operations = json.loads(request.POST["operations"])
        files_map = json.loads(request.POST.get("map") or "{}")
    except (KeyError, ValueError) as exc:
        raise _BadRequest(
            "A multipart request needs `operations` and `map` form fields holding JSON."
        ) from exc
    if not isinstance(operations, dict) or not isinstance(files_map, dict):
        raise _BadRequest("`operations` and `map` must be JSON objects.")
    for key, paths in files_map.items():
        if key not in request.FILES:
            raise _BadRequest(f"The map names file {key!r}, which was not sent.")
        if not isinstance(paths, list):
            raise _BadRequest("Each entry of `map` is a list of paths.")
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
            raise _BadRequest(f"The map path {'.'.join(path)!r} leads nowhere.") from None


def graphql_view():
    return MarketplaceGraphQLView.as_view(graphiql=True)

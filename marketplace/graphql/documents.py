"""From the text a client sends to a document fit to run, refusing what is too big or holds
text the database cannot store, before anything costly happens.

The order matters: a document is bounded (length, tokens) before it is parsed, its text is
checked once parsed, the depth and cost limits (`limits.py`) run next, and only then the full
validation, which is quadratic in the number of fields (overlapping fields) and must never see
a flood. Parsing, the text checks and validation are cached per query text: clients send the
same few queries over and over, and validating a large query costs more than running it.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, Visitor, parse, validate, visit

# PostgreSQL cannot store U+0000 in text, and no encoding can carry a lone UTF-16 surrogate:
# either would fail deep inside the database driver. No real input holds them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_UNSTORABLE_MESSAGE = (
    "Text may not contain the NUL character (U+0000) or unpaired surrogates "
    "(U+D800 to U+DFFF): {where}."
)


@dataclass(frozen=True)
class DocumentLimits:
    max_length: int  # characters of the query text
    max_tokens: int  # lexical tokens of the query text (comments counted apart, same limit)
    max_string_length: int  # characters of any one string, in the document or the variables

    @classmethod
    def from_settings(cls) -> "DocumentLimits":
        return cls(
            max_length=settings.GRAPHQL_MAX_QUERY_LENGTH,
            max_tokens=settings.GRAPHQL_MAX_TOKENS,
            max_string_length=settings.GRAPHQL_MAX_STRING_LENGTH,
        )


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _string_error(value: str, where: str, limits: DocumentLimits) -> GraphQLError | None:
    if len(value) > limits.max_string_length:
        return _error(
            f"A text of {len(value):,} characters in {where}; at most "
            f"{limits.max_string_length:,} are accepted.",
            "INPUT_TOO_LONG",
        )
    if _UNSTORABLE.search(value):
        return _error(_UNSTORABLE_MESSAGE.format(where=where), "INVALID")
    return None


def _strings(value, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a JSON value (keys too) with where it is; iterative, whatever the
    nesting."""
    pending = [(value, where)]
    while pending:
        item, path = pending.pop()
        if isinstance(item, str):
            yield item, path
        elif isinstance(item, dict):
            for key, child in item.items():
                yield str(key), path
                pending.append((child, f"{path}.{key}"))
        elif isinstance(item, list | tuple):
            pending.extend((child, f"{path}.{i}") for i, child in enumerate(item))


def variables_errors(variables, limits: DocumentLimits) -> list[GraphQLError]:
    for value, where in _strings(variables or {}, "variables"):
        error = _string_error(value, where, limits)
        if error is not None:
            return [error]
    return []


def parsed(query: str, limits: DocumentLimits) -> tuple[DocumentNode | None, list[GraphQLError]]:
    """The document of `query`, or the errors that refuse it."""
    if len(query) > limits.max_length:
        return None, [
            _error(
                f"The query is {len(query):,} characters long; the limit is "
                f"{limits.max_length:,}. Send values as variables.",
                "QUERY_TOO_LARGE",
            )
        ]
    return _parsed(query, limits)


@lru_cache(maxsize=512)
def _parsed(query: str, limits: DocumentLimits):
    if _UNSTORABLE.search(query):
        return None, [_error(_UNSTORABLE_MESSAGE.format(where="the query"), "INVALID")]
    try:
        document = parse(
            query, max_lexical_tokens=limits.max_tokens, max_comments=limits.max_tokens
        )
    except GraphQLSyntaxError as error:
        return None, [_syntax_error(error, limits)]
    problems: list[GraphQLError] = []

    class _CheckStrings(Visitor):
        def enter_string_value(self, node, *args):
            if not problems:
                error = _string_error(node.value, "a string in the query", limits)
                if error is not None:
                    problems.append(error)

    visit(document, _CheckStrings())
    return (None, problems) if problems else (document, [])


def _syntax_error(error: GraphQLSyntaxError, limits: DocumentLimits) -> GraphQLError:
    # graphql-core says why only in words: its token limits end with "Parsing aborted.", and a
    # `\ud800` escape is an invalid Unicode escape sequence.
    if "Parsing aborted" in error.message:
        return _error(
            f"The query has more than {limits.max_tokens:,} tokens; send fewer fields.",
            "QUERY_TOO_LARGE",
        )
    unicode = "Unicode" in error.message or "Invalid character" in error.message
    return GraphQLError(
        error.message,
        source=error.source,
        positions=error.positions,
        extensions={"code": "INVALID" if unicode else "GRAPHQL_PARSE_FAILED"},
    )


@lru_cache(maxsize=512)
def validation_errors(schema, query: str, limits: DocumentLimits) -> list[GraphQLError]:
    """Validation of a query that `parsed` accepted (the schema never changes at runtime)."""
    document, errors = _parsed(query, limits)
    if errors:
        return errors
    return [
        GraphQLError(
            error.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            extensions={"code": "GRAPHQL_VALIDATION_FAILED", **(error.extensions or {})},
        )
        for error in validate(schema, document)
    ]

"""Rejecting abusive queries before they run: too deep, or too costly.

Cost counts every field once, and multiplies what is below a connection by the page size it
asks for (`first`/`last`, or the default), so `vendors(first: 100) { products(first: 100) { ... } }`
costs what it would really make the server do. Introspection (`__schema`, `__type`) is free.
"""

from dataclasses import dataclass

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    VariableNode,
)

from marketplace.graphql.core.connections import DEFAULT_PAGE_SIZE, max_page_size


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int
    max_cost: int

    @classmethod
    def from_settings(cls) -> "QueryLimits":
        return cls(max_depth=settings.GRAPHQL_MAX_DEPTH, max_cost=settings.GRAPHQL_MAX_COST)


def _page_size(field: FieldNode, variables: dict) -> int | None:
    """The page size a field asks for, or None when it is not paginated."""
    arguments = {argument.name.value: argument.value for argument in field.arguments or ()}
    sizes = []
    for name in ("first", "last"):
        value = arguments.get(name)
        if isinstance(value, IntValueNode):
            sizes.append(int(value.value))
        elif isinstance(value, VariableNode):
            provided = (variables or {}).get(value.name.value)
            sizes.append(provided if isinstance(provided, int) else max_page_size())
    if sizes:
        return max(0, max(sizes))
    return None


def measure(operation, fragments, variables) -> tuple[int, int]:
    """(depth, cost) of an operation."""

    def walk(selection_set, depth, seen_fragments):
        max_depth, cost = depth, 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                name = selection.name.value
                if name.startswith("__"):
                    continue
                child_depth, child_cost = walk(selection.selection_set, depth + 1, seen_fragments)
                size = _page_size(selection, variables)
                has_edges = selection.selection_set and any(
                    isinstance(s, FieldNode) and s.name.value in ("edges", "nodes")
                    for s in selection.selection_set.selections
                )
                if size is None and has_edges:
                    size = DEFAULT_PAGE_SIZE
                cost += 1 + child_cost * (size if size is not None else 1)
                max_depth = max(max_depth, child_depth)
            elif isinstance(selection, InlineFragmentNode):
                child_depth, child_cost = walk(selection.selection_set, depth, seen_fragments)
                cost += child_cost
                max_depth = max(max_depth, child_depth)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = fragments.get(name)
                if fragment is None or name in seen_fragments:
                    continue  # unknown or cyclic fragments are the validator's business
                child_depth, child_cost = walk(
                    fragment.selection_set, depth, seen_fragments | {name}
                )
                cost += child_cost
                max_depth = max(max_depth, child_depth)
        return max_depth, cost

    return walk(operation.selection_set, 0, frozenset())


def check_limits(document, operation, variables, limits: QueryLimits) -> list[GraphQLError]:
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if definition.kind == "fragment_definition"
    }
    depth, cost = measure(operation, fragments, variables)
    errors = []
    if depth > limits.max_depth:
        errors.append(
            GraphQLError(
                f"The query is {depth} levels deep; the limit is {limits.max_depth}.",
                extensions={"code": "QUERY_TOO_DEEP", "depth": depth},
            )
        )
    if cost > limits.max_cost:
        errors.append(
            GraphQLError(
                f"The query would cost {cost} (fields × page sizes); the limit is "
                f"{limits.max_cost}. Ask for fewer items or fewer nested lists.",
                extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost},
            )
        )
    return errors

"""Rejecting abusive queries before they are validated or run: too deep, or too costly.

Cost counts every field once, and multiplies what is below a connection by the page size it
asks for (`first`/`last`, or the default), so `vendors(first: 100) { products(first: 100) { ... } }`
costs what it would really make the server do. Introspection is counted the same way: its lists
(`types`, `fields`, `enumValues`, ...) multiply what is below them by their size in this schema,
so that nesting `fields { type { fields ... } }` costs what the answer would weigh. Depth does not
count introspection (the standard introspection query is 13 levels deep); its cost bounds it.

The measure runs on the parsed document before validation (whose overlapping-fields check is
quadratic in the number of fields), so it must hold on any document: each fragment is measured
once however often it is spread (fragments spreading fragments would otherwise be exponential),
and a fragment that spreads itself, directly or through others, is refused here.
"""

import math
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    VariableNode,
    is_abstract_type,
    is_enum_type,
    is_input_object_type,
    is_interface_type,
    is_object_type,
)

from marketplace.graphql.core.connections import DEFAULT_PAGE_SIZE, max_page_size

INTROSPECTION_ROOTS = ("__schema", "__type")
_HUGE = 10**15


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int
    max_cost: int

    @classmethod
    def from_settings(cls) -> "QueryLimits":
        return cls(max_depth=settings.GRAPHQL_MAX_DEPTH, max_cost=settings.GRAPHQL_MAX_COST)


@dataclass(frozen=True)
class Measure:
    depth: int
    cost: float  # introspection lists multiply by their average size


class FragmentCycle(Exception):
    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(" → ".join(names))


@lru_cache(maxsize=8)
def introspection_list_sizes(schema: GraphQLSchema) -> dict[str, float]:
    """How many items each introspection list holds in this schema, on average over whatever
    it is asked of: `fields` of any type is null for scalars, enums and inputs, so its
    expected size is the schema's fields over all its types."""
    types = list(schema.type_map.values())
    with_fields = [t for t in types if is_object_type(t) or is_interface_type(t)]
    fields = [f for t in with_fields for f in t.fields.values()]
    directives = list(schema.directives)

    def per_type(total: int) -> float:
        return total / len(types)

    def per(total: int, count: int) -> float:
        return total / count if count else 0.0

    return {
        "types": len(types),
        "directives": len(directives),
        "fields": per_type(len(fields)),
        "inputFields": per_type(sum(len(t.fields) for t in types if is_input_object_type(t))),
        "enumValues": per_type(sum(len(t.values) for t in types if is_enum_type(t))),
        "interfaces": per_type(sum(len(t.interfaces) for t in with_fields)),
        "possibleTypes": per_type(
            sum(len(schema.get_possible_types(t)) for t in types if is_abstract_type(t))
        ),
        "args": per(
            sum(len(f.args) for f in fields) + sum(len(d.args) for d in directives),
            len(fields) + len(directives),
        ),
        "locations": per(sum(len(d.locations) for d in directives), len(directives)),
    }


def _page_size(field: FieldNode, variables: dict) -> int | None:
    """The page size a field asks for (never more than a page can hold), or None when it is
    not paginated. The document is not validated yet: anything odd counts as a full page."""
    arguments = {argument.name.value: argument.value for argument in field.arguments or ()}
    sizes = []
    for name in ("first", "last"):
        value = arguments.get(name)
        if isinstance(value, IntValueNode):
            sizes.append(int(value.value))
        elif isinstance(value, VariableNode):
            provided = (variables or {}).get(value.name.value)
            is_int = isinstance(provided, int) and not isinstance(provided, bool)
            sizes.append(provided if is_int else max_page_size())
        elif value is not None:
            sizes.append(max_page_size())
    if sizes:
        return min(max(0, max(sizes)), max_page_size())
    return None


class _Measurer:
    def __init__(self, fragments: dict, variables: dict, list_sizes: dict[str, float]):
        self.fragments = fragments
        self.variables = variables if isinstance(variables, dict) else {}
        self.list_sizes = list_sizes
        self.done: dict[tuple[str, bool], Measure] = {}
        self.in_progress: list[str] = []

    def selection_set(self, selection_set, introspection: bool) -> Measure:
        depth, cost = 0, 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                found = self.field(selection, introspection)
            elif isinstance(selection, InlineFragmentNode):
                found = self.selection_set(selection.selection_set, introspection)
            elif isinstance(selection, FragmentSpreadNode):
                found = self.fragment(selection.name.value, introspection)
            else:
                continue
            depth, cost = max(depth, found.depth), cost + found.cost
        return Measure(depth, cost)

    def field(self, field: FieldNode, introspection: bool) -> Measure:
        name = field.name.value
        inside = introspection or name in INTROSPECTION_ROOTS
        below = self.selection_set(field.selection_set, inside)
        if inside:
            size = self.list_sizes.get(name, 1) if field.selection_set else 1
            return Measure(0, 1 + below.cost * size)
        size = _page_size(field, self.variables)
        if (
            size is None
            and field.selection_set
            and any(
                isinstance(s, FieldNode) and s.name.value in ("edges", "nodes")
                for s in field.selection_set.selections
            )
        ):
            size = DEFAULT_PAGE_SIZE
        return Measure(1 + below.depth, 1 + below.cost * (1 if size is None else size))

    def fragment(self, name: str, introspection: bool) -> Measure:
        key = (name, introspection)
        if key in self.done:
            return self.done[key]
        if name in self.in_progress:
            raise FragmentCycle([*self.in_progress[self.in_progress.index(name) :], name])
        fragment = self.fragments.get(name)
        if fragment is None:
            return Measure(0, 0)  # an unknown fragment: validation says so
        self.in_progress.append(name)
        try:
            found = self.selection_set(fragment.selection_set, introspection)
        finally:
            self.in_progress.pop()
        self.done[key] = found
        return found


def measure(schema, operation, fragments, variables) -> Measure:
    """Depth and cost of an operation; FragmentCycle when a fragment spreads itself."""
    measurer = _Measurer(fragments, variables, introspection_list_sizes(schema))
    found = measurer.selection_set(operation.selection_set, False)
    for name in fragments:  # cycles among fragments the operation never spreads count too
        measurer.fragment(name, False)
    return found


def check_limits(schema, document, operation, variables, limits: QueryLimits) -> list[GraphQLError]:
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if definition.kind == "fragment_definition"
    }
    try:
        found = measure(schema, operation, fragments, variables)
    except FragmentCycle as cycle:
        return [
            GraphQLError(
                f"Fragment {cycle.names[0]} spreads itself ({cycle}); a query must end.",
                extensions={"code": "GRAPHQL_VALIDATION_FAILED"},
            )
        ]
    errors = []
    if found.depth > limits.max_depth:
        errors.append(
            GraphQLError(
                f"The query is {found.depth} levels deep; the limit is {limits.max_depth}.",
                extensions={"code": "QUERY_TOO_DEEP", "depth": found.depth},
            )
        )
    if found.cost > limits.max_cost:
        cost = math.ceil(min(found.cost, _HUGE))  # fragments can multiply without end
        shown = f"{cost}" if cost < _HUGE else f"more than {_HUGE:,}"
        errors.append(
            GraphQLError(
                f"The query would cost {shown} (fields × page sizes); the limit is "
                f"{limits.max_cost}. Ask for fewer items or fewer nested lists.",
                extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost},
            )
        )
    return errors

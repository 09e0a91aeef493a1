"""What a query asks for: field names below a resolver, so it can prefetch only those."""

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode


def _children(selection_set, fragments):
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _children(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _children(fragment.selection_set, fragments)


def requested_paths(info, *prefix: str) -> set[str]:
    """Dotted paths of every field requested below `prefix` of the current field:
    for `products { edges { node { variants { sku } } } }`, `requested_paths(info, "edges",
    "node")` is {"variants", "variants.sku"}."""
    nodes = list(info.field_nodes)
    for name in prefix:
        nodes = [
            child
            for node in nodes
            for child in _children(node.selection_set, info.fragments)
            if child.name.value == name
        ]
    paths: set[str] = set()

    def walk(node, base):
        for child in _children(node.selection_set, info.fragments):
            path = f"{base}.{child.name.value}" if base else child.name.value
            paths.add(path)
            walk(child, path)

    for node in nodes:
        walk(node, "")
    return paths

"""`node(id:)`: the Relay field, answering an ID that names no type of ours as a client error.

graphene's own field raises a bare Exception for an ID that is not base64 of `Type:pk`, names a
type that has no IDs, or holds a key its model cannot take ("Product:abc"): the endpoint would
log each as a failure of ours and answer "Internal error.". Those are the client's mistakes:
they get a GraphQL error with the code INVALID, as an ID argument of any other query does.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from graphene import relay
from graphene.relay.node import NodeField as GrapheneNodeField
from graphql import GraphQLError
from graphql_relay import from_global_id


def _invalid(global_id) -> GraphQLError:
    return GraphQLError(
        "`id`: " + _("%(id)s is not a valid ID.") % {"id": global_id},
        extensions={"code": "INVALID"},
    )


def check_node_id(info, global_id) -> None:
    """Raise a GraphQL error unless `global_id` is `Type:pk` for a node type of the schema and
    a key that type's model can look up."""
    try:
        type_name, raw_pk = from_global_id(global_id)
    except Exception:  # graphql_relay raises whatever base64 or str.split raised
        raise _invalid(global_id) from None
    graphql_type = info.schema.get_type(type_name) if type_name else None
    graphene_type = getattr(graphql_type, "graphene_type", None)
    meta = getattr(graphene_type, "_meta", None)
    if meta is None or relay.Node not in getattr(meta, "interfaces", ()):
        raise _invalid(global_id)
    model = getattr(meta, "model", None)
    if model is not None:
        try:
            model._meta.pk.to_python(raw_pk)
        except ValidationError:
            raise _invalid(global_id) from None


class NodeField(GrapheneNodeField):
    def __init__(self, **kwargs):
        super().__init__(relay.Node, **kwargs)

    def wrap_resolve(self, parent_resolver):
        resolve = super().wrap_resolve(parent_resolver)

        def resolve_node(root, info, **args):
            check_node_id(info, args.get("id"))
            return resolve(root, info, **args)

        return resolve_node

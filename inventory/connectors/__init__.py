"""POS connectors, one module per system behind the interface of `base.Connector`."""

from inventory.connectors.base import Connector, Level, MalformedEvent, Pull, PushLine
from inventory.connectors.haravan import HaravanConnector
from inventory.connectors.kiotviet import KiotVietConnector
from inventory.connectors.sapo import SapoConnector

CONNECTORS: dict[str, type[Connector]] = {
    "kiotviet": KiotVietConnector,
    "sapo": SapoConnector,
    "haravan": HaravanConnector,
}


def connector_for(connection, **kwargs) -> Connector:
    return CONNECTORS[connection.provider](connection, **kwargs)


__all__ = [
    "CONNECTORS",
    "Connector",
    "Level",
    "MalformedEvent",
    "Pull",
    "PushLine",
    "connector_for",
]

"""An app's token standing where request.user is read (as a LocationToken does for a device)."""

from integrations.models import AppToken


class AppPrincipal:
    """Not a person and never staff: it acts with exactly its app's scopes, and only for its
    app's producer when it has one (marketplace.core.permissions reads these attributes)."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    is_device = False
    is_app = True

    def __init__(self, token: AppToken):
        self.token = token
        self.app = token.app
        self.scopes = frozenset(self.app.scopes)
        self.producer_id = self.app.producer_id

    @property
    def is_active(self) -> bool:
        return self.app.is_active and self.token.revoked_at is None

    def __str__(self):
        return f"{self.app} ({self.token.token_hint}…)"

    def __eq__(self, other):
        return isinstance(other, AppPrincipal) and other.token.pk == self.token.pk

    def __hash__(self):
        return hash(("app", self.token.pk))

"""Forms of the server-rendered pages."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from marketplace.accounts.services import login_for_token
from marketplace.core.errors import ServiceError


class LoginForm(AuthenticationForm):
    """Django's login form, checked by the same service as the API's login: repeated failures
    for an email or an address are throttled."""

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            try:
                self.user_cache = login_for_token(
                    email=email, password=password, client_ip=self.request.META.get("REMOTE_ADDR")
                )
            except ServiceError as error:
                raise ValidationError(error.errors[0].message, code="invalid_login") from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data

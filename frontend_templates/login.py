"""The login page. Without a `next`, each kind of member lands where their work is: staff on the
admin home (its review queues), a producer's member in the seller centre, a showroom's member
in the console, a shopper on the storefront."""

from django.contrib.auth import views as auth_views
from django.urls import reverse

from frontend_templates.forms import LoginForm
from marketplace.core.permissions import is_staff


def landing_url(user) -> str:
    if is_staff(user):
        return reverse("admin:index")
    if user.vendor_memberships.exists():
        return reverse("dashboard:home")
    if user.showroom_memberships.exists():
        return reverse("showroom:index")
    return reverse("storefront:home")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Asked only when `next` is missing or points off the site.
        return landing_url(self.request.user)

"""The pages of the storefront's shell: what the phone's bottom bar opens, and the style guide."""

from django.urls import path

from frontend_templates import shell, styleguide

urlpatterns = [
    path("danh-muc/", shell.categories, name="categories"),
    path("tai-khoan/", shell.account, name="account"),
    path("_styleguide/", styleguide.styleguide, name="styleguide"),
]

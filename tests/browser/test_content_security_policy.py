"""The Content-Security-Policy holds in a real browser: GraphiQL loads and runs a query under
it, and the watch every journey's pages carry does catch a violation."""

import re

from django.urls import reverse

from tests.browser.helpers import log_in
from tests.factories import PASSWORD, CertificateFactory, ProductVariantFactory, StaffFactory

QUERY = "{ provinces(first: 1) { edges { node { name } } } }"


def test_graphiql_loads_and_runs_a_query_without_violations(desktop_page):
    page = desktop_page
    response = page.goto("/graphql/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    editor.wait_for()
    editor.evaluate(f"(node) => node.CodeMirror.setValue('{QUERY}')")
    page.get_by_role("button", name=re.compile("execute", re.I)).first.click()
    page.locator(".graphiql-response").get_by_text('"name"').wait_for()
    assert page.csp_violations == []


def test_an_injected_inline_script_is_refused_and_reported(desktop_page):
    page = desktop_page
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    for _ in range(50):  # the report comes back through the exposed function
        if page.csp_violations:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("() => window.ran") is None  # the script did not run
    assert any("script-src" in text for text in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # seen: the page's own check at the end must pass


def test_the_admin_review_screens_keep_the_policy(desktop_page):
    staff = StaffFactory(is_superuser=True)
    variant = ProductVariantFactory(product__status="pending_review")
    certificate = CertificateFactory(vendor=variant.vendor, verification_status="pending")
    page = desktop_page
    log_in(page, staff.email, PASSWORD)
    for url in [
        reverse("admin:index"),
        reverse("admin:catalog_product_change", args=[variant.product.pk]),
        reverse("admin:vendors_ocopcertificate_change", args=[certificate.pk]),
        reverse("admin:vendors_vendor_change", args=[variant.vendor.pk]),
        reverse("admin:catalog_product_changelist"),
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    # A one-click decision that asks for a note first: the note form.
    page.get_by_role("button", name=re.compile("^(reject|từ chối)$", re.I)).first.click()
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []

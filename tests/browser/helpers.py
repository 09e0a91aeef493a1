"""Steps shared by the browser journeys."""

import os
import re
from pathlib import Path

import pytest


def log_in(page, email: str, password: str, next_url: str = "") -> None:
    """Log in through the real form (its labels in either language), then go to `next_url`."""
    page.goto("/tai-khoan/dang-nhap/" + (f"?next={next_url}" if next_url else ""))
    page.get_by_label(re.compile("^email$", re.I)).fill(email)
    page.get_by_label(re.compile("^(password|mật khẩu)$", re.I)).fill(password)
    page.get_by_role("button", name=re.compile("^(log in|đăng nhập)$", re.I)).click()
    page.wait_for_load_state()
    assert "/tai-khoan/dang-nhap/" not in page.url, "the login was refused"


def showroom_clerk(showroom, password: str):
    """A clerk of the showroom's operator, who logs in with `password`."""
    from tests.factories import OperatorMemberFactory

    clerk = OperatorMemberFactory(operator=showroom.operator).user
    clerk.set_password(password)
    clerk.save()
    return clerk


# axe-core, installed by `npm ci` in tests/browser/axe (pinned in its package-lock.json).
AXE_SCRIPT = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js; without it the test is skipped, or fails where .ci/run sets
    OCOP_AXE_REQUIRED=1 (as it installs it)."""
    if AXE_SCRIPT.is_file():
        return AXE_SCRIPT.read_text(encoding="utf-8")
    problem = "axe-core is not installed: run `npm ci` in tests/browser/axe"
    if os.environ.get("OCOP_AXE_REQUIRED") == "1":
        pytest.fail(f"OCOP_AXE_REQUIRED is set and {problem}")
    pytest.skip(problem)


def axe_violations(page) -> list[str]:
    """The serious and critical axe-core violations of the page as it is now, one line each:
    rule, impact, what it asks, and the elements (CSS selectors).

    axe is injected with page.evaluate, which runs through the DevTools protocol: the page's
    Content-Security-Policy governs the page's own scripts, not this, so the policy under test
    stays the real one (add_script_tag would insert an inline <script>, which it blocks, and
    bypass_csp would turn the policy off for the whole visit)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """() => axe.run(document, {resultTypes: ["violations"]}).then((r) =>
            r.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
              targets: v.nodes.map((n) => n.target.join(" "))})))"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(v['targets'][:8])}"
        + (f" and {len(v['targets']) - 8} more" if len(v["targets"]) > 8 else "")
        for v in results
        if v["impact"] in SERIOUS
    ]


def assert_no_serious_axe_violations(page) -> None:
    found = axe_violations(page)
    assert found == [], f"axe-core on {page.url}:\n" + "\n".join(found)


def tab_to(page, target, *, limit: int = 80) -> None:
    """Press Tab until `target` (a locator) has the keyboard focus, as a keyboard user would."""
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
    raise AssertionError(f"{limit} Tabs did not reach {target}; the focus is on {focused}")


def either(english: str, vietnamese: str) -> re.Pattern:
    """An accessible name in either language, from its start (wording may grow a suffix)."""
    return re.compile(f"^({re.escape(english)}|{re.escape(vietnamese)})", re.I)


def add_to_cart_button(page):
    """The product page's add-to-cart button that is on screen (a phone may show a sticky bar
    with a second one)."""
    buttons = page.get_by_role("button", name=either("Add to cart", "Thêm vào giỏ"))
    buttons.first.wait_for()
    return next(buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible())


def check_out_cash_on_delivery(page, *, email: str, province="01", commune_code="00004") -> None:
    """From the cart: the checkout form with an address in `commune_code` (Phường Ba Đình,
    Hà Nội), the first delivery option of each producer, cash on delivery, then "Place order";
    returns on the order page. Labels in either language."""
    page.get_by_role("link", name=either("Proceed to checkout", "Tiến hành thanh toán")).click()
    page.get_by_label(re.compile("^email$", re.I)).fill(email)
    page.get_by_label(either("Full name", "Họ và tên")).fill("Nguyễn Thị Lan")
    page.get_by_label(either("Phone", "Điện thoại")).fill("0912 345 678")
    page.get_by_label(either("House number", "Số nhà")).fill("12 Phố Huế")
    page.get_by_label(either("Province or city", "Tỉnh/thành phố")).select_option(province)
    show_communes = page.get_by_role("button", name=either("Show its communes", "Hiện các xã"))
    if show_communes.is_visible():  # no script to fetch them: ask the server
        show_communes.click()
    page.get_by_label(either("Commune or ward", "Xã/phường")).select_option(commune_code)
    page.get_by_role("button", name=either("Save the address", "Lưu địa chỉ")).click()
    groups = page.get_by_role("group", name=either("From ", "Từ "))
    groups.first.wait_for()
    for i in range(groups.count()):
        groups.nth(i).get_by_role("radio").first.check()
    page.get_by_label(either("Cash on delivery", "Thanh toán khi nhận hàng")).check()
    page.get_by_role("button", name=re.compile("^(place order|đặt hàng)$", re.I)).click()
    page.wait_for_url(re.compile(r"/don-hang/[0-9a-f-]{36}/$"))


CART_PATH = re.compile(r"/gio-hang/$")


def added_to_cart(page, press) -> None:
    """`press()` (a click or a key) adds to the cart; without JavaScript that posts and lands on
    the cart, with it the page may stay and show a toast: waits for the add either way."""
    with page.expect_response(
        lambda response: "/gio-hang/them/" in response.url and response.request.method == "POST"
    ):
        press()
    page.wait_for_load_state()


def open_cart(page, *, keyboard: bool = False) -> None:
    """On the cart page already, or there through the header's cart link (by Tab and Enter for
    a keyboard user)."""
    if CART_PATH.search(page.url):
        return
    link = page.get_by_role("link", name=re.compile("cart|giỏ hàng", re.I)).first
    if keyboard:
        tab_to(page, link)
        page.keyboard.press("Enter")
    else:
        link.click()
    page.wait_for_url(CART_PATH)

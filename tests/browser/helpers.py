"""Steps shared by the browser journeys."""

import re


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

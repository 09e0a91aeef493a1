"""Tax codes (mã số thuế) and Vietnamese phone numbers, as producers type them."""

import pytest
from django.core.exceptions import ValidationError

from marketplace.core.errors import ErrorCode, ServiceError
from marketplace.core.validators import normalize_vn_phone
from vendors.details import clean_details
from vendors.validators import normalize_tax_code, validate_tax_code

# --- tax codes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("0100233488", "0100233488"),
        ("0314409058-002", "0314409058-002"),  # a branch
        ("0314409058002", "0314409058-002"),  # a branch typed without its dash
        (" 0100 233 488 ", "0100233488"),
        ("01.00.233.488", "0100233488"),
        ("0314409058 - 002", "0314409058-002"),
    ],
)
def test_valid_tax_codes_are_accepted_and_normalised(typed, normalised):
    assert normalize_tax_code(typed) == normalised
    validate_tax_code(typed)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("0100233480", "wrong check digit"),
        ("0100233487", "wrong check digit"),
        ("010023348", "must be 10 digits"),  # 9 digits
        ("01002334881", "must be 10 digits"),  # 11
        ("010023348800", "must be 10 digits"),  # 12
        ("01002334880012", "must be 10 digits"),  # 14
        ("010023348A", "must be 10 digits"),  # a letter
        ("MST0100233488", "must be 10 digits"),
        ("0314409058-02", "must be 10 digits"),  # a 2-digit branch
        ("0314409058/002", "must be 10 digits"),
        ("0314409058-000", "001 to 999"),  # branch 000 does not exist
        ("0100000000", "cannot all be 0"),
        ("", "must be 10 digits"),
    ],
)
def test_invalid_tax_codes_are_refused_with_a_clear_message(typed, says):
    with pytest.raises(ValidationError) as exc:
        normalize_tax_code(typed)
    assert exc.value.code == "invalid"
    (message,) = exc.value.messages
    assert says in message
    assert message.startswith("Tax code ")
    if typed:
        assert typed in message  # the producer sees what was wrong


def test_invalid_tax_code_becomes_an_invalid_error_on_the_tax_code_field():
    with pytest.raises(ServiceError) as exc:
        clean_details({"tax_code": "0100233480", "phone": "0912 345 678"})
    (error,) = exc.value.errors
    assert (error.code, error.field) == (ErrorCode.INVALID, "tax_code")
    assert "check digit" in error.message


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0912 345 678", "+84912345678"),  # mobile
        ("0912345678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0386 123 456", "+84386123456"),  # Viettel 03x
        ("024 3825 3536", "+842438253536"),  # Hà Nội landline
        ("(028) 3829 5555", "+842838295555"),  # Hồ Chí Minh landline
        ("0212 3852 123", "+842123852123"),  # Sơn La landline
    ],
)
def test_vietnamese_phone_numbers_are_accepted_in_e164(typed, e164):
    assert normalize_vn_phone(typed) == e164


@pytest.mark.parametrize(
    "typed",
    [
        "+1 650 253 0000",  # United States
        "+86 138 0013 8000",  # China
        "091234",  # too short
        "0912 345 678 999",  # too long
        "091234567",
        "phone me",
        "",
    ],
)
def test_foreign_short_and_garbage_phone_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as exc:
        normalize_vn_phone(typed)
    assert exc.value.code == "invalid"
    (message,) = exc.value.messages
    assert "not a valid Vietnamese phone number" in message


def test_invalid_phone_becomes_an_invalid_error_on_the_phone_field():
    with pytest.raises(ServiceError) as exc:
        clean_details({"phone": "+1 650 253 0000"})
    (error,) = exc.value.errors
    assert (error.code, error.field) == (ErrorCode.INVALID, "phone")
    assert error.message == "+1 650 253 0000 is not a valid Vietnamese phone number."


@pytest.mark.django_db
def test_clean_details_reports_every_problem_at_once():
    with pytest.raises(ServiceError) as exc:
        clean_details(
            {
                "tax_code": "123",
                "phone": "123",
                "email": "not-an-email",
                "kind": "spaceship",
                "commune": "99999",
                "legal_name": "x" * 256,
            }
        )
    by_field = {e.field: e.code for e in exc.value.errors}
    assert by_field == {
        "tax_code": ErrorCode.INVALID,
        "phone": ErrorCode.INVALID,
        "email": ErrorCode.INVALID,
        "kind": ErrorCode.INVALID,
        "commune": ErrorCode.NOT_FOUND,
        "legal_name": ErrorCode.INVALID,
    }


def test_clean_details_refuses_unknown_fields():
    with pytest.raises(ServiceError) as exc:
        clean_details({"status": "active"})
    assert [(e.code, e.field) for e in exc.value.errors] == [(ErrorCode.INVALID, "status")]

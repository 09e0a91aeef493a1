"""NAPAS VietQR payloads, checked against codes that payment providers and banks published."""

import pytest

from marketplace.core.vietqr import VietQRError, ascii_purpose, parse_tlv, vietqr_payload

# A live code returned by PayOS's payment-link API (amount 2,000 đ, MB Bank, a virtual account).
PAYOS = (
    "00020101021238570010A000000727012700069704220113VQRQABRLS04480208QRIBFTTA5303704540420005802VN"
    "6224082018f8746b181045f0a2ce63040FC0"
)
# The example of a VietQR library's README (1,000 đ to a TPBank account, "Chuyen tien").
README = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN"
    "62150811Chuyen tien6304BBB8"
)
# A static code (no amount), as printed on a shop's counter.
STATIC = (
    "00020101021138540010A00000072701240006970422011009119673630208QRIBFTTA53037045802VN63046AD9"
)


def test_payloads_match_published_codes_crc_included():
    assert vietqr_payload(bank_bin="970422", account_number="VQRQABRLS0448", amount=2000,
                          purpose="18f8746b181045f0a2ce") == PAYOS  # fmt: skip
    assert vietqr_payload(bank_bin="970416", account_number="257678859", amount=1000,
                          purpose="Chuyen tien") == README  # fmt: skip
    assert vietqr_payload(bank_bin="970422", account_number="0911967363") == STATIC


def test_the_reference_loses_its_diacritics_and_fits_25_characters():
    payload = vietqr_payload(bank_bin="970436", account_number="0011001234567", amount=150_000,
                             purpose="Điểm bán OCOP – đơn #QUAY1-ABCDEFGHIJKLMNOP")  # fmt: skip
    fields = parse_tlv(payload)
    assert fields["54"] == "150000" and fields["58"] == "VN" and fields["53"] == "704"
    purpose = parse_tlv(fields["62"])["08"]
    assert purpose == "Diem ban OCOP don QUAY1 A" and len(purpose) == 25
    assert ascii_purpose("Đắk Lắk") == "Dak Lak"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bank_bin": "97042", "account_number": "123"},
        {"bank_bin": "970422", "account_number": "12 34"},
        {"bank_bin": "970422", "account_number": "1234", "amount": 0},
        {"bank_bin": "970422", "account_number": "1234", "amount": 1.5},
    ],
)
def test_bad_accounts_and_amounts_are_refused(kwargs):
    with pytest.raises(VietQRError):
        vietqr_payload(**kwargs)

"""NAPAS VietQR payloads: EMVCo merchant-presented QR for a transfer to a bank account
("QR chuyển khoản nhanh 24/7", service code QRIBFTTA), which every Vietnamese banking app scans.

Written here rather than taken from PyPI: the packages listed there (vietnam-qr-pay,
vietqr-emvco, napas-qr-python, vnqr, vietqr-generator) are each a young, single-maintainer
release or two, and the format is a page of TLV fields. The tests check the payloads against
live ones published by payment providers, CRC included.

Layout (ID, two-digit length, value): 00 payload format "01"; 01 initiation "11" (static, no
amount) or "12" (dynamic, with amount); 38 merchant account: 00 GUID "A000000727", 01 the
beneficiary (00 bank BIN, 01 account number), 02 service "QRIBFTTA"; 53 currency "704" (VND);
54 amount; 58 country "VN"; 62 additional data: 08 purpose of transaction (the transfer's
content, where we put the sale's reference); 63 CRC16-CCITT (poly 0x1021, initial 0xFFFF) of
everything before it including "6304", four uppercase hex digits."""

import re
import unicodedata

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
MAX_PURPOSE = 25


class VietQRError(ValueError):
    pass


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def with_crc(payload: str) -> str:
    body = payload + "6304"
    return body + f"{crc16_ccitt(body.encode('utf-8')):04X}"


def ascii_purpose(text: str) -> str:
    """Banks carry the transfer's content as plain ASCII: no diacritics, letters, digits and
    spaces, at most 25 characters."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    cleaned = re.sub(r"[^A-Za-z0-9 ]+", " ", plain)
    return " ".join(cleaned.split())[:MAX_PURPOSE].strip()


def vietqr_payload(
    *, bank_bin: str, account_number: str, amount: int | None = None, purpose: str = ""
) -> str:
    """The payload for a transfer of `amount` đồng (any amount when None) to the account."""
    if not re.fullmatch(r"\d{6}", bank_bin or ""):
        raise VietQRError("a bank BIN is 6 digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account_number or ""):
        raise VietQRError("an account number is 1 to 19 letters or digits")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise VietQRError("an amount is whole đồng")
    if amount is not None and not 0 < amount < 10**13:
        raise VietQRError("an amount is above 0 and at most 13 digits")
    beneficiary = tlv("00", bank_bin) + tlv("01", account_number)
    account = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    parts = [
        tlv("00", "01"),
        tlv("01", "11" if amount is None else "12"),
        tlv("38", account),
        tlv("53", "704"),
    ]
    if amount is not None:
        parts.append(tlv("54", str(amount)))
    parts.append(tlv("58", "VN"))
    purpose = ascii_purpose(purpose)
    if purpose:
        parts.append(tlv("62", tlv("08", purpose)))
    return with_crc("".join(parts))


def parse_tlv(payload: str) -> dict[str, str]:
    """The top-level fields of a payload (for tests and for reading a code back)."""
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        fields[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return fields

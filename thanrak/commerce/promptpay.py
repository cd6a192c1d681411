"""PromptPay QR payloads (Thai QR Payment, EMVCo merchant-presented mode) and their QR images.

Tag 29 (credit transfer) to a Thai mobile number, a 13-digit citizen or tax ID, or a 15-digit
e-wallet ID. Point of initiation 11 (static, reusable) without an amount and 12 (dynamic, one
payment) with one. Tag order follows dtinth/promptpay-qr and jojoee/promptpay (…29, 58, 53, 54),
whose published vectors pin this module (see tests/test_promptpay.py).
"""

import io
import re

AID_MERCHANT_PRESENTED = "A000000677010111"
CURRENCY_THB = "764"
COUNTRY = "TH"


class InvalidPromptPayAccount(ValueError):
    """The account is not a mobile number, a 13-digit ID or a 15-digit e-wallet ID."""


class InvalidPromptPayAmount(ValueError):
    """The amount is not a positive whole number of satang (a bool, a float, zero or below)."""


def _check_amount(amount_satang) -> None:
    # bool is a subclass of int: True would silently become 0.01 baht.
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int):
        raise InvalidPromptPayAmount(
            f"amount_satang must be a whole number of satang (int), not {type(amount_satang).__name__}: "
            f"{amount_satang!r}"
        )
    if amount_satang <= 0:
        raise InvalidPromptPayAmount(f"amount_satang must be more than zero, got {amount_satang}")


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final xor."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"tag {tag}: value longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def account_target(account: str) -> tuple[str, str]:
    """(sub-tag, value) of tag 29 for an account: 01 mobile, 02 citizen/tax ID, 03 e-wallet."""
    digits = re.sub(r"\D", "", account or "")
    if len(digits) == 15:
        return "03", digits
    if len(digits) == 13:
        return "02", digits
    if len(digits) == 10 and digits.startswith("0"):
        return "01", ("66" + digits[1:]).rjust(13, "0")
    if len(digits) == 11 and digits.startswith("66"):
        return "01", digits.rjust(13, "0")
    raise InvalidPromptPayAccount(account)


def is_valid_account(account: str) -> bool:
    try:
        account_target(account)
    except InvalidPromptPayAccount:
        return False
    return True


def promptpay_payload(account: str, amount_satang: int | None = None) -> str:
    """The EMVCo payload for a PromptPay transfer to `account`, optionally for an exact amount."""
    sub_tag, value = account_target(account)
    if amount_satang is not None:
        _check_amount(amount_satang)
    merchant = _tlv("00", AID_MERCHANT_PRESENTED) + _tlv(sub_tag, value)
    parts = [
        _tlv("00", "01"),
        _tlv("01", "12" if amount_satang is not None else "11"),
        _tlv("29", merchant),
        _tlv("58", COUNTRY),
        _tlv("53", CURRENCY_THB),
    ]
    if amount_satang is not None:
        baht, satang = divmod(amount_satang, 100)
        parts.append(_tlv("54", f"{baht}.{satang:02d}"))
    body = "".join(parts) + "6304"
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse_payload(payload: str) -> dict[str, str]:
    """Top-level tags of a payload (sub-templates kept as text); raises ValueError on a bad CRC."""
    if len(payload) < 8 or crc16_ccitt_false(payload[:-4].encode("ascii")) != int(payload[-4:], 16):
        raise ValueError("bad CRC")
    tags: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], int(payload[i + 2 : i + 4])
        tags[tag] = payload[i + 4 : i + 4 + length]
        i += 4 + length
    return tags


def qr_png(payload: str, *, scale: int = 6) -> bytes:
    """The payload as a PNG QR code (error correction M, quiet zone kept for phone cameras)."""
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(payload: str, *, scale: int = 4) -> str:
    import segno

    out = io.BytesIO()
    segno.make(payload, error="m", micro=False).save(out, kind="svg", scale=scale, border=4, xmldecl=False)
    return out.getvalue().decode()

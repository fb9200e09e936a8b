"""Telephone and WhatsApp numbers: the one rule for turning what an editor wrote into a link.

Numbers are parsed as Indonesian numbers with Google's libphonenumber data (the
``phonenumbers`` package), so ``0812-0000-0001``, ``+62 812 0000 0001`` and
``(0341) 551234`` all become international numbers (``+6281200000001``) that a ``tel:``
or ``https://wa.me/`` link can dial from anywhere. A number that cannot be dialled is refused.
"""

from __future__ import annotations

import phonenumbers

from .model import Phone

REGION = "ID"


class NotAPhoneNumber(ValueError):
    """The schema says why, in its own words, with the text it was given."""


def parse_phone(written: str) -> Phone:
    try:
        number = phonenumbers.parse(written, REGION)
    except phonenumbers.NumberParseException:
        raise NotAPhoneNumber from None
    if not phonenumbers.is_valid_number(number):
        raise NotAPhoneNumber
    return Phone(
        written=written,
        e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
        international=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
    )

"""Phone numbers in E.164, via Google's libphonenumber."""

from functools import lru_cache

import phonenumbers


@lru_cache(maxsize=4096)  # a room's numbers text again and again; parsing is the slow part
def to_e164(raw: str, default_region: str | None = None) -> str | None:
    """Normalise a number to E.164, or None when it is not a valid phone number."""
    try:
        number = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        return None
    # "Possible" (right length for the country) rather than "valid": Twilio only posts real
    # numbers, and a range newer than the library's metadata must still be able to sign up.
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=256)
def region_of(e164: str | None) -> str | None:
    """The region code of a number (to read local numbers sent to it), or None."""
    if not e164:
        return None
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.region_code_for_country_code(number.country_code)


def mask(e164: str) -> str:
    """Show only the last four digits of a number."""
    return "*" * max(0, len(e164) - 4) + e164[-4:]


# +1 555: no real North American number has area code 555, so the phone simulator's
# numbers live there. Texts to them never go to Twilio, even in live mode.
SIMULATED_PREFIX = "+1555"


def is_simulated(e164: str) -> bool:
    """Is this one of the simulator's numbers, which nothing is ever really sent to?"""
    return e164.startswith(SIMULATED_PREFIX)


def last_four(e164: str) -> str:
    """A number as the host's pages show it: its last four digits only."""
    return "\u2026" + e164[-4:]

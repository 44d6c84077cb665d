"""Who sent a text, and whether we may answer it.

Some senders must never get a reply: a short code or an alphanumeric sender id (a bank's
alert, a carrier's notice) cannot receive one, and an automated sender could answer our
answer, and so on for ever; so could our own number. A number libphonenumber finds invalid
is no phone we can reach either. Their texts are recorded and answered with silence.

WhatsApp: Tablemates is an SMS service. A text that comes from `whatsapp:` (a Twilio number
with WhatsApp turned on) is told once that sign-up works by SMS, then left unanswered, so
that two automated ends never talk to each other.
"""

from enum import Enum
from functools import lru_cache

import phonenumbers

from workers.people.phones import is_simulated, region_of

WHATSAPP_PREFIX = "whatsapp:"
SHORT_CODE_MAX_DIGITS = 8  # the longest short codes in use (some countries) have 8 digits


class Sender(Enum):
    PHONE = "phone"  # answer as usual
    WHATSAPP = "whatsapp"  # answer once: SMS only
    UNANSWERABLE = "unanswerable"  # record, never answer


@lru_cache(maxsize=4096)
def classify(raw_from: str, our_number: str) -> Sender:
    """What kind of sender raw_from (Twilio's From) is, for a text to our_number (E.164)."""
    sender = raw_from.strip()
    if sender.lower().startswith(WHATSAPP_PREFIX):
        return Sender.WHATSAPP
    if any(ch.isalpha() for ch in sender):  # "AMAZON", "Bank-Alert": alphanumeric ids
        return Sender.UNANSWERABLE
    digits = sum(ch.isdigit() for ch in sender)
    if not sender.startswith("+") and digits <= SHORT_CODE_MAX_DIGITS:
        return Sender.UNANSWERABLE  # a short code (or nothing at all)
    try:  # a number without its +: as dialled in our number's country
        number = phonenumbers.parse(sender, region_of(our_number))
    except phonenumbers.NumberParseException:
        return Sender.UNANSWERABLE
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164 == our_number:
        return Sender.UNANSWERABLE
    if is_simulated(e164):
        return Sender.PHONE  # the simulator's fictional numbers: texts to them stay local
    return Sender.PHONE if phonenumbers.is_valid_number(number) else Sender.UNANSWERABLE

"""Log lines never carry a full phone number, whoever writes them.

Database errors can quote a number (PostgreSQL: "Key (phone)=(+14165550199) already
exists"), and so can a library's message or an exception's text. Every log record, in
the web app and in workers, is rewritten as it is made: "+14165550199" becomes "…0199".
"""

import logging
import re

PHONE = re.compile(r"\+\d[\d ().-]{6,18}\d")
_FORMATTER = logging.Formatter()


def redact(text: str) -> str:
    """Show phone numbers in text by their last four digits only."""
    return PHONE.sub(lambda found: "\u2026" + re.sub(r"\D", "", found.group())[-4:], text)


def install() -> None:
    """Make every log record of this process redact numbers (once per process)."""
    make = logging.getLogRecordFactory()
    if getattr(make, "redacts_numbers", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return record

    factory.redacts_numbers = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)

"""The SMS surface: Twilio's webhooks and what every inbound text means.

- view.py: the routes (`POST /sms`, `POST /sms/status`), signature check, TwiML;
- receive.py: the transaction around one text, its record, retries and repeats;
- store.py: the prebuilt statements (one read for a text's context, the writes);
- interpreter.py: what a text means, the one place that decides (pure);
- apply.py: carries out the interpreter's decision;
- its parts, pure too: signup.py (the questions), names.py, yesno.py, keywords.py,
  phrases.py (where do I sit, thanks, bye), offer_replies.py ("YES 1"), context.py.
"""

from service.sms.view import bp

__all__ = ["bp"]

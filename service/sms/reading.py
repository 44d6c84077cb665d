"""A text, read once: every view the interpreter takes of it, each worked out when first
asked for and kept (most texts need two or three of them, never all)."""

from functools import cached_property

from service.sms import keywords, names, phrases, yesno
from service.sms.offer_replies import offer_reply

CODE_WORDS = 10  # the first words of a text that may be an event's code


def code(word: str) -> str:
    """A word as an event's code is stored: "folk!" -> "FOLK"."""
    return "".join(ch for ch in word if ch.isalnum()).upper()


class Reading:
    def __init__(self, body: str, media: int = 0) -> None:
        self.body, self.media = body, media

    @cached_property
    def folded(self) -> str:
        """Lower-case words, apostrophes dropped, punctuation as spaces."""
        return " ".join(yesno.words(self.body))

    @cached_property
    def command(self) -> keywords.Command | None:
        return keywords.parse(self.body)

    @cached_property
    def yes_no(self) -> bool | None:
        return yesno.yes_or_no(self.body)

    @cached_property
    def offer(self) -> tuple[bool, int] | None:
        return offer_reply(self.body)

    @cached_property
    def codes(self) -> set[str]:
        """The first words, as an event's code would be written (upper case, no punctuation)."""
        return {code(word) for word in self.body.split()[:CODE_WORDS]}

    @cached_property
    def skip(self) -> bool:
        return keywords.is_skip(self.body)

    @cached_property
    def thanks(self) -> bool:
        return phrases.thanks(self.folded, self.body)

    @cached_property
    def question(self) -> bool:
        """A question about the question: "what do you mean?", "what is this", "huh?"."""
        return phrases.what_do_you_mean(self.folded) or phrases.about(self.folded)

    @cached_property
    def says_nothing(self) -> bool:
        """An ack, a greeting or "what do you mean?" where words about oneself were asked."""
        return (
            phrases.what_do_you_mean(self.folded)
            or phrases.greeting(self.folded)
            or (self.thanks and len(self.folded.split()) <= 3)
            or (not self.folded and not any(ch.isalnum() for ch in self.body))
        )

    def name(self, code: str) -> names.NameReading:
        """The text as an answer to "What's your first name?" at the event with this code."""
        return names.read_name(self.body, frozenset({code.upper()}))

    def is_empty(self) -> bool:
        return not self.body.strip()

"""What a batch of texts costs before it is sent: how many, how many segments, at what price.

The host confirms every mass text (a round's tables, a broadcast, the introductions) with
these numbers in front of them. The price per segment is the SMS_PRICE_PER_SEGMENT setting.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from workers.texts.gsm import is_gsm7, segments

# Twilio's list price for one outbound SMS segment on a US long code (2026), before the
# carriers' pass-through fees.
US_PRICE_PER_SEGMENT = 0.0083


@dataclass(frozen=True)
class Estimate:
    texts: int
    segments: int
    cost: float  # in the price's currency
    unicode_texts: int  # texts sent as UCS-2 (70 characters a segment, not 160)

    def describe(self) -> str:
        """'41 texts, 82 segments, about $0.68', for the host's confirmation."""
        texts = f"{self.texts} text{'' if self.texts == 1 else 's'}"
        parts = f"{self.segments} segment{'' if self.segments == 1 else 's'}"
        return f"{texts}, {parts}, about ${self.cost:,.2f}"


def estimate(bodies: Iterable[str], price_per_segment: float = US_PRICE_PER_SEGMENT) -> Estimate:
    """The texts, segments and cost of sending each body once."""
    count = total = unicode_texts = 0
    for body in bodies:
        count += 1
        total += segments(body)
        unicode_texts += not is_gsm7(body)
    return Estimate(count, total, round(total * price_per_segment, 4), unicode_texts)

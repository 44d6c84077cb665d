"""SMS segment arithmetic: GSM-7 or UCS-2, and fitting a filled template into a budget."""

import math

# GSM 03.38 basic character set, and the extension table (each costs two septets).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 2


def is_gsm7(text: str) -> bool:
    """Say whether text can be sent in the GSM-7 alphabet."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def segments(text: str) -> int:
    """Count the SMS segments text takes (160/153 septets, or 70/67 UTF-16 units)."""
    if is_gsm7(text):
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else math.ceil(units / multi)


DANGLING = frozenset({"and", "or", "of", "to", "with", "the", "a", "an", "for", "in", "on", "at",
                      "my", "your", "their", "&", "+", "how", "from", "by"})  # fmt: skip


def shorten(value: str, limit: int) -> str:
    """Cut value to at most limit characters, at a word boundary when one is near."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    if limit <= 3:
        return value[:limit]
    cut = value[: limit - 3]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
        # "bicycle maintenance and..." reads as cut off mid-thought: end on a word that says.
        words = cut.split(" ")
        while len(words) > 1 and words[-1].rstrip(",;:").casefold() in DANGLING:
            words.pop()
        cut = " ".join(words)
    return cut.rstrip(" ,.;:-") + "..."


def fill(template: str, max_segments: int = MAX_SEGMENTS, **values: str) -> str:
    """Fill template with values, shortening the longest value until the text fits."""
    values = {key: " ".join(str(value).split()) for key, value in values.items()}
    text = template.format(**values)
    while segments(text) > max_segments:
        key = max(values, key=lambda k: len(values[k]), default=None)
        if key is None or not values[key]:
            raise ValueError(f"template does not fit {max_segments} segments: {template!r}")
        current = len(values[key])
        values[key] = shorten(values[key], current - max(1, current // 5)) if current > 4 else ""
        text = template.format(**values)
    return text

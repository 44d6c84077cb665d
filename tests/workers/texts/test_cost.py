"""The numbers a host confirms before a mass text: texts, segments, cost."""

from workers.texts.cost import estimate


def test_segments_are_counted_per_text_and_priced():
    bodies = ["Hi " * 10, "x" * 161, "Table Window 🙂"]  # 1, 2 (GSM-7), and 1 in UCS-2
    shown = estimate(bodies, price_per_segment=0.01)
    assert (shown.texts, shown.segments, shown.unicode_texts) == (3, 4, 1)
    assert shown.cost == 0.04
    assert shown.describe() == "3 texts, 4 segments, about $0.04"


def test_one_emoji_turns_a_one_segment_text_into_two():
    plain = "a" * 100
    assert estimate([plain]).segments == 1
    assert estimate([plain + "🙂"]).segments == 2


def test_nothing_to_send_costs_nothing():
    assert estimate([]).describe() == "0 texts, 0 segments, about $0.00"

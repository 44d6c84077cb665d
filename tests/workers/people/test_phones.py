"""Phone numbers: E.164 and masking."""

import pytest

from workers.people.phones import mask, region_of, to_e164


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+14165550142", None, "+14165550142"),
        ("+1 (416) 555-0142", None, "+14165550142"),
        ("416-555-0142", "CA", "+14165550142"),
        ("+447911123456", None, "+447911123456"),
        ("07911 123456", "GB", "+447911123456"),
        ("416-555-0142", None, None),
        ("hello", None, None),
        ("12345", "US", None),
        ("", None, None),
    ],
)
def test_to_e164(raw, region, expected):
    assert to_e164(raw, region) == expected


def test_region_of_reads_the_country_even_for_fictional_numbers():
    assert region_of("+15550100199") == "US"
    assert region_of("+447911123456") == "GB"
    assert region_of("junk") is None


def test_mask_shows_the_last_four_digits_only():
    assert mask("+14165550142") == "********0142"

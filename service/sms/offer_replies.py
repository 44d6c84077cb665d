"""Read an answer to an introduction offer: "YES 1", "yes1", "Yse 1!", "no 2", "y #3"."""

import re

from service.sms import keywords, yesno

# A yes or no and the offer's number, either way round: "YES 1", "1 yes", "yes to 2".
NUMBER = re.compile(r"(?:^|\s)#?\s*(\d{1,3})(?:\s|$)")


def offer_reply(text: str) -> tuple[bool, int] | None:
    """(yes?, offer number) from a reply such as "YES 1", or None if it is not one."""
    # "yes2", "no1": the number glued to the word
    folded = re.sub(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])", " ", keywords.plain(text))
    numbers = NUMBER.findall(folded)
    if len(numbers) != 1 or len(folded.split()) > 6:
        return None
    words = NUMBER.sub(" ", folded).replace(" to ", " ").replace(" for ", " ")
    answer = yesno.yes_or_no(words)
    if answer is None:
        words = words.split()
        # A yes with one slip of the thumb ("yrs", "yess"): the number says what it is about.
        if len(words) == 1 and keywords.one_typo(words[0], "yes", shortest=3):
            answer = True
    return None if answer is None else (answer, int(numbers[0]))

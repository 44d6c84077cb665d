"""Simulated attendees for rehearsals: varied names, intros, learn/teach topics and answers.

Pure: plain data in and out, deterministic for a seed. The simulator page and
`tablemates simulate` text these answers through the real webhook path.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass

NAMES = (
    "Amara", "Kofi", "Yuki", "Haruto", "Priya", "Arjun", "Mei", "Wei", "Olga", "Dmitri",
    "Fatima", "Omar", "Aisha", "Mateo", "Sofia", "Lucia", "Chidi", "Ngozi", "Siobhan", "Liam",
    "Ingrid", "Lars", "Aroha", "Tane", "Leilani", "Kai", "Bilal", "Nadia", "Tomasz",
    "Agnieszka", "Linh", "Minh", "Jae-won", "Seo-yeon", "Emeka", "Zanele", "Thabo", "Esi",
    "Kwame", "Noor", "Yara", "Mehmet", "Elif", "José", "Zoë", "Søren", "Björn", "Chloé",
    "Ravi", "Ananya", "Santiago", "Valentina", "Hamid", "Leila", "Tenzin", "Pema", "Ximena",
    "Rangi", "Oksana", "Farah",
)  # fmt: skip

INTROS = (
    "I run a small bakery and just moved here from Lagos. I love long walks and bad puns.",
    "I'm a nurse on night shifts, so this is my morning. I play the cello badly but happily.",
    "I write software for a bike-sharing firm. On weekends I climb, or fix other people's bikes.",
    "I teach primary school and foster rescue cats. I have opinions about dumplings.",
    "I'm between jobs after ten years in logistics. Trying to figure out what's next.",
    "Architect by day, amateur astronomer by night. I came because a friend dared me.",
    "I study marine biology. I know far too much about octopuses.",
    "I manage a community garden and volunteer at the food bank. Ask me about compost.",
    "I'm a freelance translator (Spanish, Portuguese, French). I collect old maps.",
    "I retired last year from the railways. Now I sing in two choirs.",
    "I design board games that nobody has played yet. You could be the first.",
    "I work in a hospital lab. I'm learning to surf, slowly.",
)

# (what a learner says, what a teacher says) for the same skill, in different words, so
# matching has to see through the wording.
TOPICS = (
    ("how to bake sourdough bread", "sourdough baking"),
    ("some Spanish for travelling", "conversational Spanish"),
    ("to play guitar", "beginner guitar chords"),
    ("public speaking without panicking", "speaking in front of a crowd"),
    ("basic Python programming", "coding in Python"),
    ("how to fix my bike", "bicycle repair"),
    ("photography with my phone", "taking good photos on a phone"),
    ("how to start running", "couch to 5k running"),
    ("to knit a scarf", "knitting"),
    ("personal budgeting", "managing money and budgets"),
    ("growing vegetables on a balcony", "container gardening"),
    ("to cook a proper curry", "Indian cooking"),
    ("salsa dancing", "salsa and bachata"),
    ("how to negotiate a raise", "salary negotiation"),
    ("meditation", "mindfulness and meditation"),
    ("chess openings", "playing chess"),
)

ORGS = (
    "Acme Robotics", "City Hospital", "Greenleaf School", "Northwind Bank", "Riverside Council",
    "Bluebird Studio", "Harbor Logistics", "Student", "Freelance", "Retired",
)  # fmt: skip

FREE_ANSWERS = ("Yes", "No", "A little", "Not sure", "Often", "Never", "Sometimes")
YES = ("yes", "Yes!", "sure", "yep", "ok")
NO = ("no", "No thanks", "nope")


@dataclass(frozen=True)
class SimulatedPerson:
    """One simulated attendee's answers."""

    name: str
    intro: str  # "" skips the intro
    learn: str
    teach: str
    org: str
    consent: bool
    seed: int  # picks their answers to the event's own questions


@dataclass(frozen=True)
class AskedQuestion:
    """An event question as sign-up asks it: a free-text answer when there are no choices."""

    role: str  # "apart" (where people work) or "spread"
    choices: Sequence[str] = ()


def simulated_people(count: int, seed: int = 0) -> list[SimulatedPerson]:
    """Return count varied people; every "learn" is someone else's "teach" where count allows."""
    rng = random.Random(seed)
    names = rng.sample(NAMES, len(NAMES))
    topics = rng.sample(TOPICS, len(TOPICS))
    people = []
    for i in range(count):
        # Person i teaches what person i+1 wants to learn (cyclically), so teachers exist.
        learn_topic = topics[i % len(topics)]
        teach_topic = topics[(i + 1) % len(topics)]
        name = names[i % len(names)]
        if i >= len(names):  # more people than names: a second Ana becomes "Ana B"
            name = f"{name} {chr(ord('A') + i // len(names))}"
        people.append(
            SimulatedPerson(
                name=name,
                intro="" if rng.random() < 0.15 else rng.choice(INTROS),
                learn=learn_topic[0],
                teach=teach_topic[1],
                org=rng.choice(ORGS),
                consent=rng.random() < 0.75,
                seed=rng.randrange(2**32),
            )
        )
    return people


def sign_up_texts(
    person: SimulatedPerson, code: str, questions: Sequence[AskedQuestion]
) -> list[str]:
    """Return the texts that sign this person up, in order: the code, then each answer."""
    rng = random.Random(person.seed)
    texts = [code, person.name, person.intro or "SKIP", person.learn, person.teach]
    for question in questions:
        if question.role == "apart":
            texts.append(person.org)
        elif question.choices:
            texts.append(str(rng.randint(1, len(question.choices))))
        else:
            texts.append(rng.choice(FREE_ANSWERS))
    texts.append(rng.choice(YES if person.consent else NO))
    return texts

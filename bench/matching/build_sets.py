"""Build the tuning and check sets of learn/teach pairs from public vocabularies.

Run: python bench/matching/build_sets.py --wordnet DIR --esco FILE --misspellings FILE

- WordNet 3.0 (Princeton; Debian's `wordnet-base`, its `data.noun`): activities under
  sport, dancing, cooking, handicraft, art, programming, gardening, photography,
  exercise, martial arts, games, singing and writing, two levels down. A synset's lemmas
  are synonyms (match, `paraphrase`); a synset and its parent name a narrower and a
  broader skill (match, `broad`); two children of one parent are look-alikes that are
  not the same skill (`hard_negative`).
- ESCO skills (European Commission; a `skills_en.csv` with `altLabels`): each label
  list is one skill's synonyms (match, `paraphrase`), whichever row it sits on; only
  lists whose labels name an everyday or office skill (KEYWORDS) are kept.
- Noise (`noisy`): a learn phrase of a positive pair as people text it: a real
  misspelling of one of its words from Wikipedia's "Lists of common misspellings/For
  machines" (as shipped in codespell's `dictionary.txt`, CC BY-SA 3.0), texting
  shorthands (2, 4, u, n, w/) and a chatty wrapper from TEMPLATES, against the clean
  teach phrase.
- Random pairs from two different skills are `negative`.

The split is made here, before any scoring: a WordNet family (everything under one
child of a root) or an ESCO skill goes to "tune" when the first byte of the SHA-256 of
its name is below 86 (about a third), else to "check"; each wrapper template likewise,
so the check part's wrappers are ones the tuning part never shows. Every row of a part
is drawn from that part's skills only, and a phrase found in both parts is dropped
from the check part.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data"

# WordNet noun.act synsets whose descendants are skills people learn for fun or work.
ROOTS = {
    "00523513": "sport",
    "00428270": "dancing",
    "00243918": "cooking",
    "00714944": "handicraft",
    "00933420": "art",
    "00928947": "programming",
    "00918383": "gardening",
    "00903559": "photography",
    "00624738": "exercise",
    "00825443": "martial art",
    "00455599": "game",
    "00545501": "singing",
    "00929718": "writing",
}
KEYWORDS = (
    "spreadsheet", "budget", "negotiat", "public speaking", "presentation", "photograph",
    "cook", "garden", "musical", "sing", "draw", "paint", "marketing", "first aid",
    "statistic", "social media", "website", "database", "sew", "woodwork", "bake", "wine",
    "dance", "yoga", "fitness", "nutrition", "conflict", "mentor", "leadership", "interview",
    "time management", "stress", "invest", "tax", "bookkeeping", "accounting", "sign language",
    "body language", "programming", "design", "typing", "massage", "pet", "bicycle",
    "speak spanish", "speak french", "speak german", "speak italian", "speak japanese",
    "speak mandarin", "speak portuguese", "speak english", "storytelling", "teamwork",
    "customer service", "sales", "project management", "copywriting", "editing",
)  # fmt: skip
# Wrappers and shorthands as people text them (texting-abbreviation lists: wanna,
# tryna, 2, 4, u, pls, lol, tbh, idk, rly, smth, luv, def, asap).
TEMPLATES = (
    "i wanna learn {}", "wanna learn {} lol", "how to {}", "how 2 do {}", "{} lol",
    "{} pls", "{} plz!!", "i want 2 learn {}", "tryna get into {}", "id luv 2 learn {}",
    "{} tbh", "rly want to try {}", "smth w {}", "{} i guess lol", "def {}", "{}!!",
    "teach me {} pls", "{} haha", "learn {} asap", "gonna say {}", "i'd like to learn {}",
    "{} :)", "been meaning to try {} tbh", "how do u do {}", "im keen on {}", "{} idk",
    "maybe {}?", "how to get better at {}", "getting into {} lol", "{} 4 beginners",
    "Want to learn {}", "{} pleaseee", "ummm {}", "{} lmao", "wud love to learn {}",
    "i'm tryna learn {} rn",
)  # fmt: skip
SHORTHANDS = {"to": "2", "for": "4", "you": "u", "and": "n", "with": "w/", "your": "ur"}


def part(name: str) -> str:
    """'tune' for about a third of names, 'check' for the rest, fixed by a hash."""
    return "tune" if hashlib.sha256(name.encode()).digest()[0] < 86 else "check"


def read_wordnet(folder: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Lemmas and hyponyms of every noun synset."""
    lemmas, children = {}, {}
    for line in (folder / "data.noun").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split(" | ")[0].split()
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        pointers = int(fields[4 + 2 * count])
        start = 5 + 2 * count
        kids = [
            fields[start + 4 * i + 1]
            for i in range(pointers)
            if fields[start + 4 * i] == "~" and fields[start + 4 * i + 2] == "n"
        ]
        lemmas[fields[0]] = [re.sub(r"\(.*\)", "", w).replace("_", " ") for w in words]
        children[fields[0]] = kids
    return lemmas, children


def usable(phrase: str) -> bool:
    """A lowercase phrase of letters people could text (no proper names)."""
    return phrase == phrase.lower() and bool(re.fullmatch(r"[a-z][a-z \-']{2,40}", phrase))


def wordnet_rows(folder: Path, rng: random.Random) -> dict[str, list[dict]]:
    """Positive and hard negative rows from WordNet, by part."""
    lemmas, children = read_wordnet(folder)
    rows: dict[str, list[dict]] = defaultdict(list)

    def names(offset: str) -> list[str]:
        return [w for w in lemmas[offset] if usable(w)]

    for root in ROOTS:
        for family in children[root]:
            side = part(lemmas[family][0])
            level = [(family, root)] + [(kid, family) for kid in children[family]]
            for offset, parent in level:
                own, above = names(offset), names(parent)
                if not own:
                    continue
                topic = own[0]
                if len(own) > 1:
                    rows[side].append(row(own[1], own[0], 1, "paraphrase", topic))
                if parent == root:
                    continue  # its parent and siblings belong to every part
                if above and rng.random() < 0.5:
                    rows[side].append(row(own[-1], above[0], 1, "broad", above[0]))
                siblings = [s for s in children[parent] if s != offset and names(s)]
                if siblings:
                    other = names(rng.choice(siblings))[0]
                    rows[side].append(row(own[0], other, 0, "hard_negative", other))
    return rows


def esco_rows(path: Path, rng: random.Random) -> dict[str, list[dict]]:
    """Synonym rows from ESCO label lists naming everyday skills, by part."""
    rows: dict[str, list[dict]] = defaultdict(list)
    seen = set()
    with path.open(encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            labels = [a.strip() for a in record["altLabels"].split("\n") if a.strip()]
            labels = [a for a in dict.fromkeys(labels) if re.fullmatch(r"[A-Za-z ,'\-]+", a)]
            if len(labels) < 2 or not any(k in " ".join(labels).lower() for k in KEYWORDS):
                continue
            topic = "esco: " + labels[0].lower()
            if topic in seen:
                continue
            seen.add(topic)
            learn, teach = rng.sample(labels, 2)
            rows[part(topic)].append(row(learn, teach, 1, "paraphrase", topic))
    return rows


def row(learn: str, teach: str, match: int, kind: str, topic: str) -> dict:
    return {"learn": learn, "teach": teach, "match": match, "kind": kind, "topic": topic}


def read_misspellings(path: Path) -> dict[str, list[str]]:
    """Right spelling -> its common misspellings (single-correction entries only)."""
    wrong: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        typo, _, fix = line.partition("->")
        if fix and "," not in fix and typo.isalpha() and typo.islower():
            wrong[fix.strip()].append(typo)
    return wrong


def texted(phrase: str, templates: list[str], wrong: dict[str, list[str]], rng) -> str:
    """The phrase with a real misspelling, texting shorthands and a chatty wrapper."""
    words = phrase.lower().split()
    typoable = [i for i, w in enumerate(words) if wrong.get(w)]
    if typoable:
        i = rng.choice(typoable)
        words[i] = rng.choice(sorted(wrong[words[i]]))
    words = [SHORTHANDS.get(w, w) if rng.random() < 0.7 else w for w in words]
    return rng.choice(templates).format(" ".join(words))


def finish(rows: list[dict], templates, wrong, rng: random.Random) -> list[dict]:
    """Add own-skill rows, noisy variants and random negatives; drop duplicates and
    teach phrases whose topic clashes."""
    topic_of: dict[str, str] = {}
    kept = []
    for r in rows:
        if topic_of.setdefault(r["teach"], r["topic"]) == r["topic"] and r["learn"] != r["teach"]:
            kept.append(r)
    # A learn phrase also wants its own skill ("horse racing" is right for "horse
    # racing", not only the broader "racing"): its own topic is the topic of a row
    # where it is the teach phrase, or its own synset's name.
    teaches_of: dict[str, list[str]] = defaultdict(list)
    for teach, topic in topic_of.items():
        teaches_of[topic].append(teach)
    own = [
        row(r["learn"], teach, 1, "paraphrase", r["topic"])
        for r in kept
        if r["kind"] == "paraphrase"
        for teach in teaches_of[r["topic"]]
        if teach != r["learn"]
    ]
    own += [
        row(learn, teach, 1, "exact", topic_of[learn])
        for learn in sorted({r["learn"] for r in kept})
        if learn in topic_of
        for teach in teaches_of[topic_of[learn]]
    ]
    kept += own
    positives: dict[str, list[dict]] = defaultdict(list)
    for r in kept:
        if r["match"] == 1:
            positives[r["learn"]].append(r)
    teaches = sorted(topic_of)
    extra = []
    for learn, rights in positives.items():
        noisy = texted(learn, templates, wrong, rng)
        extra += [{**r, "learn": noisy, "kind": "noisy"} for r in rights]
        other = rng.choice(teaches)
        if topic_of[other] not in {r["topic"] for r in rights}:
            extra.append(row(learn, other, 0, "negative", topic_of[other]))
    labelled: dict[tuple[str, str], dict] = {}
    for r in kept + extra:
        labelled.setdefault((r["learn"], r["teach"]), r)
    return list(labelled.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wordnet", type=Path, required=True, help="folder with data.noun")
    parser.add_argument("--esco", type=Path, required=True, help="skills_en.csv")
    parser.add_argument("--misspellings", type=Path, required=True, help="typo->fix lines")
    args = parser.parse_args()
    rng = random.Random(16)
    wrong = read_misspellings(args.misspellings)
    parts = wordnet_rows(args.wordnet, rng)
    for side, rows in esco_rows(args.esco, rng).items():
        parts[side].extend(rows)
    # A phrase of two skills (a WordNet lemma in two families, an ESCO label in two
    # lists) stays in the tuning part only.
    tuned = {r[k] for r in parts["tune"] for k in ("learn", "teach")}
    parts["check"] = [r for r in parts["check"] if not {r["learn"], r["teach"]} & tuned]
    for side in ("tune", "check"):
        templates = [t for t in TEMPLATES if part(t) == side]
        rows = finish(parts[side], templates, wrong, rng)
        with (OUT / f"matching_{side}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, ["learn", "teach", "match", "kind", "topic"])
            writer.writeheader()
            writer.writerows(rows)
        kinds = defaultdict(int)
        for r in rows:
            kinds[r["kind"]] += 1
        print(side, len(rows), "rows", dict(kinds), len(templates), "templates")


if __name__ == "__main__":
    main()

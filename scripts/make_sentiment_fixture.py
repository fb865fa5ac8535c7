"""Write tests/fixtures/sentiment_reference.csv: Python vaderSentiment's own
scores for news-style sentences, so the Rust tests in src/annotate/sentiment.rs compare
our scorer against the reference implementation rather than against itself.

Run from the repository root:

    .bench-venv/bin/python scripts/make_sentiment_fixture.py

The committed fixture was produced with vaderSentiment 3.3.2 (the version is
checked below, so a different install fails loudly instead of silently
producing other numbers).

Rows:
- sentences composed in this repository: data/corpus.csv rows whose source is
  `composed`, SAMPLE_PER_LABEL per label, drawn with one seeded
  random.Random from each label's rows in file order (deterministic);
- RULE_SENTENCES below, written for this fixture in news style, each aimed at
  one VADER rule (negation, boosters and dampeners, "but", ALL CAPS, "!", "?",
  "no", "least", idioms), so every rule is exercised by at least a few rows.

Columns are text,neg,neu,pos,compound exactly as polarity_scores returns
them (neg/neu/pos rounded to 3 decimals, compound to 4).
"""

import csv
import random
import sys
from pathlib import Path

from importlib.metadata import version
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

EXPECTED_VADER = "3.3.2"
SEED = 20250301
SAMPLE_PER_LABEL = 80
CORPUS = Path("data/corpus.csv")
OUT = Path("tests/fixtures/sentiment_reference.csv")

# Written for this fixture; the comment says which rule each row exercises.
RULE_SENTENCES = [
    "The talks were not good for either side.",  # negation right before a word
    "The ceasefire is not a failure, officials insisted.",  # negated negative
    "The president didn't praise the agreement.",  # "n't" contraction
    "The president didn’t praise the agreement.",  # curly apostrophe: not a negation in VADER
    "The army has never been so brutal in its attacks.",  # "never so" intensifies
    "Rebels rarely respect a truce.",  # "rarely" negates
    "There was no progress at the talks in Geneva.",  # "no" before a lexicon word
    "No peace deal is in sight, the envoy said.",  # "no" two words before
    "Diplomats said the meeting was very successful.",  # booster
    "The shelling was extremely destructive.",  # booster on a negative word
    "The negotiations were hardly successful.",  # dampener
    "The ceasefire is kind of a success, a spokesman said.",  # "kind of" dampener
    "The outcome was somewhat disappointing for Kyiv.",  # dampener on negative
    "The truce is fragile but the mood is hopeful.",  # contrastive "but"
    "The summit was cordial, but the talks ended in failure.",  # "but" flips weight
    "The truce isn't perfect, but it is a start and a hope.",  # negation and "but"
    "The minister called the attack a HORRIBLE crime against civilians.",  # ALL CAPS word
    "Leaders hailed the VERY good outcome of the summit.",  # ALL CAPS booster
    "ALL SIDES MUST STOP THE KILLING NOW.",  # all words capitalised: no caps emphasis
    "We will never accept this aggression!",  # one "!"
    "We will fight and we will win!!!",  # several "!"
    "Peace is possible!!!!!!",  # "!" capped at four
    "Is this the end of the war?",  # one "?" adds nothing
    "Can this fragile peace really survive??",  # two "?"
    "Will the peace hold????",  # "?" capped
    "Will the peace hold?",  # one "?" adds nothing
    "At least the talks did not collapse.",  # "at least" is not a negation
    "The envoy was the least hopeful he had been in months.",  # "least" negates
    "Investigators said the bomb killed four people.",  # VADER idiom "the bomb" (slang, positive)
    "Without doubt the agreement is a major success.",  # "without doubt"
    "Fighting continued overnight near the border.",  # one negative word
    "Officials welcomed the SAFE return of the hostages.",  # ALL CAPS positive word
    "He did not say so!",  # "!" without any sentiment word adds nothing
    "Officials said the border crossing at Rafah reopened on Monday.",  # neutral
    "The offensive killed dozens, wounded hundreds and destroyed the hospital.",  # many negatives
    "Both sides praised the talks as friendly, constructive and hopeful.",  # many positives
]


def composed_sample(rng):
    """SAMPLE_PER_LABEL composed sentences of every label, labels in sorted order."""
    by_label = {}
    with CORPUS.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["source"] == "composed":
                by_label.setdefault(row["label"], []).append(row["text"])
    texts = []
    for label in sorted(by_label):
        rows = by_label[label]
        texts.extend(rng.sample(rows, min(SAMPLE_PER_LABEL, len(rows))))
    return texts


def main():
    found = version("vaderSentiment")
    if found != EXPECTED_VADER:
        sys.exit(f"expected vaderSentiment {EXPECTED_VADER}, found {found}")
    rng = random.Random(SEED)
    texts = []
    seen = set()
    for text in composed_sample(rng) + RULE_SENTENCES:
        if text not in seen:
            seen.add(text)
            texts.append(text)
    analyzer = SentimentIntensityAnalyzer()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["text", "neg", "neu", "pos", "compound"])
        for text in texts:
            # rhetoric makes typographic apostrophes straight before scoring
            # ("didn’t" → "didn't", a negation VADER knows); do the same.
            s = analyzer.polarity_scores(text.replace("\u2019", "'"))
            writer.writerow([text, s["neg"], s["neu"], s["pos"], s["compound"]])
    print(f"wrote {len(texts)} rows to {OUT}")


if __name__ == "__main__":
    main()

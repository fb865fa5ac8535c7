#!/usr/bin/env python3
"""Writes tests/fixtures/trend_articles.csv: dated articles from three
outlets over twelve weeks about a fictional border dispute, whose tone
rises to a crisis and eases with talks. Sentences are written here;
articles draw them with a fixed seed, so the file is the same every run.

Then: rhetoric predict tests/fixtures/trend_articles.csv --id-col id \
        -o tests/fixtures/trend_predictions.csv
"""
import csv
import datetime
import random
import sys

ESCALATION = [
    "{a} warned that its forces would strike any convoy crossing the ridge.",
    "The defence ministry of {a} ordered two more brigades to the border.",
    "{a} said it would not rule out a wider military response.",
    "Artillery fire from {a} hit positions near the river crossing overnight.",
    "Officials in {a} threatened to expel the ambassador of {b}.",
    "{a} accused {b} of preparing an invasion and put its reserves on alert.",
    "Troops from {a} seized a hilltop post after a night of shelling.",
    "{a} vowed to retaliate with full force for the drone attack.",
    "Leaders in {a} declared that patience with {b} had run out.",
    "{a} moved missile batteries within range of the border towns of {b}.",
]
DEESCALATION = [
    "{a} and {b} agreed to resume talks in Geneva next week.",
    "Both sides pledged to respect the ceasefire along the river.",
    "{a} withdrew its heavy weapons from the disputed valley.",
    "Negotiators from {a} and {b} signed a deal to reopen the crossing.",
    "{a} said it welcomed the mediation offer and would send a delegation.",
    "The foreign minister of {a} called for calm and restraint on both sides.",
    "{a} released the detained border guards as a goodwill gesture.",
    "A joint commission of {a} and {b} will monitor the truce.",
]
NEUTRAL = [
    "The border runs for about 300 kilometres through mountain passes.",
    "Markets in the capital of {a} opened as usual on Monday.",
    "The dispute over the valley dates back to a survey drawn decades ago.",
    "Reporters were not allowed to visit the area independently.",
    "The regional bloc meets twice a year at its headquarters.",
    "Trade between {a} and {b} was worth several billion dollars last year.",
    "The river valley is home to farming villages on both banks.",
]
SIDES = ["Valdoria", "Kesh"]
OUTLETS = {"Northern Wire": 0.0, "Capital Daily": 0.15, "Border Radio": -0.1}
WEEKS = 12


def tension(week, lean):
    """Share of escalation sentences: rises to week 6, falls after talks."""
    peak = 1.0 - abs(week - 5.5) / 6.0
    return min(0.85, max(0.05, 0.15 + 0.6 * peak + lean))


def main(out_path):
    rng = random.Random(20241)
    start = datetime.date(2024, 1, 1)
    rows = []
    n = 0
    for week in range(WEEKS):
        for outlet, lean in OUTLETS.items():
            for _ in range(rng.randint(2, 4)):
                day = start + datetime.timedelta(days=7 * week + rng.randint(0, 6))
                a, b = rng.sample(SIDES, 2)
                esc = tension(week, lean)
                sentences = []
                for _ in range(rng.randint(3, 6)):
                    r = rng.random()
                    if r < esc:
                        pool = ESCALATION
                    elif r < esc + (1 - esc) * (0.2 + 0.06 * week):
                        pool = DEESCALATION
                    else:
                        pool = NEUTRAL
                    sentences.append(rng.choice(pool).format(a=a, b=b))
                n += 1
                date = day.isoformat() if n % 9 else day.strftime("%B %-d, %Y")
                rows.append((f"a{n:03d}", date, outlet, " ".join(sentences)))
    rows.append(("a999", "sometime in spring", "Border Radio", ESCALATION[0].format(a="Kesh", b="Valdoria")))
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "date", "outlet", "text"])
        w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/trend_articles.csv")

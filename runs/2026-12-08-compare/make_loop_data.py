"""Builds the labeling-loop demo data from data/train.csv (standard library only).

base.csv          the single sentences of train.csv and the sentences of its
                  first 100 articles (text,label,region): what an analyst
                  has already labeled.
pool_articles.csv the other articles of train.csv, each one row with its
                  sentences joined (article,region,text) and no label:
                  the unlabeled articles the loop draws from.
"""
import csv
import sys

train = sys.argv[1] if len(sys.argv) > 1 else "data/train.csv"
rows = list(csv.DictReader(open(train, newline="", encoding="utf-8")))
articles = []
for r in rows:
    if r["article"] and r["article"] not in articles:
        articles.append(r["article"])
known = set(articles[:100])
with open("base.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["text", "label", "region"])
    for r in rows:
        if not r["article"] or r["article"] in known:
            w.writerow([r["text"], r["label"], r["region"]])
with open("pool_articles.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["article", "region", "text"])
    for a in articles[100:]:
        sentences = [r for r in rows if r["article"] == a]
        w.writerow([a, sentences[0]["region"], " ".join(r["text"] for r in sentences)])

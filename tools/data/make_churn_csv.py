#!/usr/bin/env python3
"""Writes a synthetic customer-churn CSV: the kind of file people really have.

String label (yes/no), a categorical column with values containing commas (quoted), a categorical
column with a long tail, empty cells and NA/? markers for missing values, an id column, CRLF line
ends. The label depends on the features through a logistic model, so a model can learn it.

    tools/data/make_churn_csv.py --rows 1000 --seed 7 > data/src/test/resources/churn.csv
    tools/data/make_churn_csv.py --rows 1000000 --seed 1 > ~/.cache/adagrad4j/bench/churn-1m.csv
"""
import argparse
import math
import random
import sys

CITIES = ["Portland, OR", "Austin, TX", "Boston, MA", "Denver, CO", "Miami, FL", 'The "Big" Apple, NY']
CITY_EFFECT = [0.4, -0.2, 0.0, 0.3, -0.5, 0.6]
PLANS = ["basic", "plus", "premium"]
PLAN_EFFECT = [0.8, 0.0, -0.9]


def quote(field):
    if any(c in field for c in ',"\n\r'):
        return '"' + field.replace('"', '""') + '"'
    return field


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-label", action="store_true", help="leave the churned column out (rows to predict)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout
    header = ["customer_id", "age", "monthly_charges", "tenure_months", "plan", "city", "referrer", "support_calls"]
    if not args.no_label:
        header.append("churned")
    out.write(",".join(header) + "\r\n")
    for i in range(args.rows):
        age = rng.randint(18, 80)
        charges = round(rng.uniform(15, 120), 2)
        tenure = rng.randint(0, 72)
        plan = rng.randrange(3)
        city = rng.choices(range(len(CITIES)), weights=[5, 4, 3, 3, 2, 1])[0]
        # A long-tailed categorical: a few frequent referrers and many rare ones.
        referrer = "partner-%d" % min(int(rng.paretovariate(1.2)), 400)
        calls = rng.randint(0, 9)
        z = (-1.0 + 0.025 * (charges - 60) - 0.05 * (tenure - 30) + 0.35 * (calls - 3) + PLAN_EFFECT[plan]
             + CITY_EFFECT[city] - 0.01 * (age - 45))
        churned = "yes" if rng.random() < 1 / (1 + math.exp(-z)) else "no"
        cells = [
            "C%07d" % i,
            "" if rng.random() < 0.05 else str(age),
            rng.choice(["NA", "?", ""]) if rng.random() < 0.04 else "%.2f" % charges,
            str(tenure),
            "" if rng.random() < 0.03 else PLANS[plan],
            CITIES[city],
            referrer,
            "NaN" if rng.random() < 0.02 else str(calls),
        ]
        if not args.no_label:
            cells.append(churned)
        out.write(",".join(quote(c) for c in cells) + "\r\n")


if __name__ == "__main__":
    main()

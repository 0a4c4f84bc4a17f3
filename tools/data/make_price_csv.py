#!/usr/bin/env python3
"""Writes a house-price table with targets in the hundreds of thousands, and prints the test R^2 of
scikit-learn's Ridge on the split adagrad4j makes (train_test_split(test_size=0.2, random_state=42)).

  tools/data/make_price_csv.py OUT.csv

Columns: sqft, bedrooms, age, city (5 values), lot (with a few empty cells), price. The price is
size times a per-city rate, plus bedrooms, minus age, plus noise: the per-city rate makes it more
than linear in the one-hot encoded columns, so a network can beat Ridge, and Ridge is the bar.
Ridge sees the table as `train` encodes it: numeric columns mean-imputed and standardised, city
one-hot.
"""
import sys

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import Ridge
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

rng = np.random.RandomState(7)
n = 1500
cities = ["Austin", "Boston", "Denver", "Fresno", "Tulsa"]
rate = {"Austin": 210.0, "Boston": 420.0, "Denver": 260.0, "Fresno": 150.0, "Tulsa": 110.0}
sqft = rng.uniform(600, 4200, n).round()
bedrooms = rng.randint(1, 6, n)
age = rng.randint(0, 90, n)
city = rng.choice(cities, n)
lot = rng.uniform(1000, 20000, n).round()
price = np.array([rate[c] for c in city]) * sqft + 12000 * bedrooms - 900 * age + 2.0 * lot \
    + rng.normal(0, 25000, n)
lot_cells = [("" if rng.rand() < 0.03 else "%d" % v) for v in lot]

with open(sys.argv[1], "w") as f:
    f.write("sqft,bedrooms,age,city,lot,price\n")
    for i in range(n):
        f.write("%d,%d,%d,%s,%s,%.0f\n" % (sqft[i], bedrooms[i], age[i], city[i], lot_cells[i], round(price[i])))

import pandas as pd  # noqa: E402

df = pd.read_csv(sys.argv[1])
x, y = df.drop(columns="price"), df["price"].to_numpy()
xtr, xte, ytr, yte = train_test_split(x, y, test_size=0.2, random_state=42)
numeric = ["sqft", "bedrooms", "age", "lot"]
pre = ColumnTransformer([("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
                         ("cat", OneHotEncoder(), ["city"])])
ridge = make_pipeline(pre, Ridge(alpha=1.0)).fit(xtr, ytr)
print("rows %d, price mean %.0f sd %.0f; Ridge(alpha=1) test R^2 %.4f" % (n, y.mean(), y.std(),
      r2_score(yte, ridge.predict(xte))))

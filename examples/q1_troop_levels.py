"""Question 1: troop numbers over time, per sender and host country (low, best, high).

Install: pip install sahel-dataset
Run: python examples/q1_troop_levels.py
"""

import pandas as pd

import sahel_dataset

levels = sahel_dataset.troop_view()  # the answer: one row per sender, host and month


def number(value: object) -> str:
    return "-" if pd.isna(value) else str(value)


for row in levels.itertuples():
    counts = (f"low {number(row.count_low)}, best {number(row.count_best)}, high {number(row.count_high)}"
              if row.numbered_statements else "no number given")
    print(f"{row.period}  {row.sender} in {row.host}: {counts}")
    print(f"    said as: {number(row.count_phrases)}")
    print(f"    statements: {row.deployment_ids}")

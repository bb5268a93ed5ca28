"""Every event with its evidence sentences and source titles (pandas).

Install: pip install sahel-dataset
Run: python examples/pandas_events_evidence.py
"""

import pandas as pd

import sahel_dataset

events = sahel_dataset.load("events")
evidence = sahel_dataset.load("evidence")
sources = sahel_dataset.load("sources")

cited = (
    evidence[evidence["record_table"] == "events"]
    .merge(sources[["source_id", "title", "label"]], on="source_id")
    .merge(events[["event_id", "date_start", "summary"]], left_on="record_id", right_on="event_id")
    .sort_values(["date_start", "event_id", "evidence_id"])
)
for event_id, group in cited.groupby("event_id", sort=False):
    start = group["date_start"].iloc[0]
    when = "undated" if pd.isna(start) else f"{start:%Y-%m-%d}"
    print(f"{event_id} ({when}): {group['summary'].iloc[0]}")
    for _, row in group.iterrows():
        title = row["title"] if isinstance(row["title"], str) else row["label"]
        print(f'    "{row["text"]}" ({row["source_id"]}: {title})')

"""Reported troop presence by month, sender, host country and status (polars).

Each row is one sender in one host country: Chad and Niger are never added up.
For the reconciled low/best/high per month, see q1_troop_levels.py.

Install: pip install "sahel-dataset[polars]"
Run: python examples/polars_deployments.py
"""

import polars as pl

import sahel_dataset

deployments = sahel_dataset.load("deployments", backend="polars")
actors = sahel_dataset.load("actors", backend="polars").select("actor_id", pl.col("name").alias("sender"))
hosts = sahel_dataset.load("locations", backend="polars").select("location_id", pl.col("name").alias("host"))

by_month = (
    deployments.join(actors, left_on="sending_actor_id", right_on="actor_id", how="left")
    .join(hosts, left_on="host_location_id", right_on="location_id", how="left")
    .with_columns(pl.col("as_of_start").dt.strftime("%Y-%m").alias("month"))
    .group_by("month", "sender", "host", "status")
    .agg(pl.len().alias("statements"), pl.col("count_low").min().alias("lowest_low"),
         pl.col("count_best").max().alias("largest_best"))
    .sort("month", "sender", "host", "status")
)
with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=120):
    print(by_month)

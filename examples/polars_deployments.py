"""Reported troop numbers over time, by sending actor and status (polars)."""

import polars as pl

import sahel_dataset

deployments = sahel_dataset.load("deployments", backend="polars")
actors = sahel_dataset.load("actors", backend="polars").select("actor_id", pl.col("name").alias("sender"))

by_month = (
    deployments.join(actors, left_on="sending_actor_id", right_on="actor_id", how="left")
    .with_columns(pl.col("as_of_start").dt.strftime("%Y-%m").alias("month"))
    .group_by("month", "sender", "status")
    .agg(pl.len().alias("statements"), pl.col("count_best").max().alias("largest_count"))
    .sort("month", "sender", "status")
)
with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=120):
    print(by_month)

"""Question 4: what happened in Agadez? (events at Agadez or its air base, with dates and sources)

Install: pip install sahel-dataset
Run: python examples/q4_agadez.py
"""

import sahel_dataset

agadez = sahel_dataset.event_view().query("place.str.contains('Agadez', na=False)", engine="python")

for row in agadez.itertuples():
    print(f"{row.date_start:%Y-%m-%d} to {row.date_end:%Y-%m-%d} ({row.date_precision}) at {row.place}:")
    spans = "1 span" if row.n_evidence == 1 else f"{row.n_evidence} spans"
    print(f"    {row.summary} [{row.event_id}; {spans} in {row.source_ids}]")
    print(f"    point: {row.latitude}, {row.longitude} (from {row.coordinates_from}, where_prec {row.where_prec})")

"""Question 2: when did the US withdrawal from Niger complete, and who says so?

Install: pip install sahel-dataset
Run: python examples/q2_withdrawal_completed.py
"""

import sahel_dataset

done = sahel_dataset.event_view().query("event_type == 'troop_withdrawal' and status == 'occurred'")

for row in done.itertuples():
    print(f"{row.event_id}: {row.summary}")
    said = f"the source says {row.date_text!r}" if isinstance(row.date_text, str) else "no date in the source's words"
    print(f"    when: {row.date_start:%Y-%m-%d} to {row.date_end:%Y-%m-%d} ({row.date_precision}, "
          f"{row.date_basis}; {said})")
    print(f"    where: {row.place}; initiators: {row.initiators}; sources: {row.source_ids}")
    for span in sahel_dataset.evidence_view(row.event_id).itertuples():
        print(f'    "{span.text}" ({span.source_id}: {span.source})')

"""Question 5: where do the sources disagree, and in which words?

Install: pip install sahel-dataset
Run: python examples/q5_disagreements.py
"""

import sahel_dataset

disagreements = sahel_dataset.load("discrepancies")

for row in disagreements.itertuples():
    print(f"{row.discrepancy_id} ({row.topic}): {row.summary}")
    for span in sahel_dataset.evidence_view(row.discrepancy_id).itertuples():
        print(f'    {span.field}: "{span.text}" ({span.source_id})')
    print(f"    resolution: {row.resolution}")

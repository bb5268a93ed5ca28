"""Question 3: who said what about Russia? (quotes, reported speech and the sources' assessments)

Install: pip install sahel-dataset
Run: python examples/q3_russia_quotes.py
"""

import sahel_dataset

said = sahel_dataset.load("quotes").query("text.str.contains('Russia|Wagner|Moscow')", engine="python")

for row in said.itertuples():
    verb = f" ({row.verb})" if isinstance(row.verb, str) else ""
    print(f"{row.speaker_text}{verb}, {row.speech_kind}, {row.source_id}: \"{row.text}\"")
    print(f"    about: {row.event_id}  [{row.quote_id}]")

"""One module per group of ``sahel-dataset`` commands; :mod:`sahel_dataset.cli.app` registers them.

- :mod:`.package`: build, validate, release (maintainers);
- :mod:`.fetch`: fetch a pinned release (users);
- :mod:`.schema`: schema-check, codebook, docs (the schema and the documents generated from it);
- :mod:`.explore`: tables, show, search, timeline (users);
- :mod:`.curation`: locate, provenance, coverage, suggest (curators).
"""

"""Tools for curators, who edit ``data/`` against the seeds in ``seeds/``.

- :mod:`.workspace`: the current curated data (or the shipped package) as rows, for the tools below;
- :mod:`.locate`: find words in a seed, ready to cite;
- :mod:`.coverage`: how much of each seed is cited or excluded;
- :mod:`.suggest`: candidate facts in uncited sentences;
- :mod:`.provenance`: a record with its evidence highlighted in context;
- :mod:`.sentences`: the sentence rule the tools share (the date rule they share,
  :mod:`sahel_dataset.pipeline.dates`, lives in the pipeline, whose rules check it);
- :mod:`.codebook`: ``CODEBOOK.md`` and ``DATASHEET.md`` counts, generated from ``schema/``;
- :mod:`.schemaguard`: the schema change guard (version bumps, CHANGELOG).
"""

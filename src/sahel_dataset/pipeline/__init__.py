"""The build pipeline: ``seeds/`` + ``data/`` -> read -> assemble -> check -> write -> release.

- :mod:`.seeds`: the source documents, verified against their manifest;
- :mod:`.read`: curated YAML files -> records that remember their lines (and the resolved
  passages of ``data/exclusions.yaml``);
- :mod:`.models` (and :mod:`sahel_dataset.core.dtypes`): the pydantic, pandera and Arrow views of ``schema/``;
- :mod:`.evidence`: a quote -> a verified span of its seed;
- :mod:`.assemble`: records -> validated in-memory tables (:class:`~.assemble.AssembledDataset`);
- :mod:`.checks`: the table checks that the build and :mod:`.validate` share;
- :mod:`.rules`, :mod:`.hedges`, :mod:`.dates`: the ``rules`` layer, the hedge policy, and the date
  resolution (time expression -> interval and precision) the rules and the curation tools share;
- :mod:`.write`: tables -> a Data Package folder (Parquet, CSV, ``datapackage.json``);
- :mod:`.metadata_files`: the package's other metadata files written beside it;
- :mod:`.build`: the short orchestrator of the steps above;
- :mod:`.validate`: every check again, on a project or on a built package;
- :mod:`.release`: a reproducible release archive.

Nothing is re-exported here: import from the modules. The maintainer's API (build,
validate, release) is :mod:`sahel_dataset.maintain`; the data user's is :mod:`sahel_dataset`.
"""

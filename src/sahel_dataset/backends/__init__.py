"""Optional validation backends, beside the pandas/polars pandera schemas of :mod:`sahel_dataset.pipeline.models`.

- :mod:`.fastcheck`: the schema's rules in plain pyarrow compute (no pandas, no pandera);
- :mod:`.spark`: the pandera pyspark.sql schema; needs the ``spark`` extra
  (``pip install "sahel-dataset[spark]"``) and Java 17.

Importing this package imports neither backend.
"""

"""Publish the dataset for people who read rather than code.

- :mod:`.site`: ``sahel-dataset site --out DIR``, a static reader site (articles with
  every evidence span highlighted, a page per table and per record, timeline, map);
- :mod:`.sqlite`: ``sahel-dataset sqlite OUT.db``, every table in SQLite with its keys
  and full-text search; :mod:`.datasette` serves it (``sahel-dataset serve``).

The site needs Jinja2 (``pip install "sahel-dataset[site]"``), the server Datasette
(``pip install "sahel-dataset[serve]"``).
"""

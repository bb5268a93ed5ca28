"""The bottom layer: what the tables are (schema, constraints, types), the errors, and
reading a built package's descriptor. It imports nothing else of the package but ``utils``.
"""

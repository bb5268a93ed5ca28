"""One helper per basic act: hashing, atomic writes, reading YAML."""

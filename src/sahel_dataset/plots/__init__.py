"""Pictures of the dataset (matplotlib): :mod:`.timeline` draws the events on a time axis."""

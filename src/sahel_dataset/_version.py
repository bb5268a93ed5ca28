"""The package and dataset version (one number for both: see README, "Versions")."""

__version__ = "0.1.0"

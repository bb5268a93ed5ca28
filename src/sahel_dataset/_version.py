"""The package and dataset version (one number for both: see docs/releases.md, "Versions")."""

__version__ = "0.2.0.dev0"

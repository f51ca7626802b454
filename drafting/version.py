"""The one version string of drafting (pyproject.toml reads it)."""

__version__ = "0.1.0"

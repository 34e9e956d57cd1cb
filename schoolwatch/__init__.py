"""schoolwatch core: configuration, domain types and the ``schoolwatch`` command."""

__version__ = "0.1.0"

"""DestinAI: career intelligence from the official ESCO, O*NET and OEWS releases."""

__version__ = "0.1.0"

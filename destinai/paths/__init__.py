"""DestinAI paths."""

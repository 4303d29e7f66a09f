"""DestinAI profiles."""

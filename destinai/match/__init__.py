"""DestinAI match."""

"""DestinAI search."""

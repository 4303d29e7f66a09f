"""DestinAI extract."""

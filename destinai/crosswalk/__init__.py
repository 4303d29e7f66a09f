"""DestinAI crosswalk."""

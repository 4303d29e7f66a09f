"""Web app and JSON API."""

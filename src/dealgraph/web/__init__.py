"""Web UI."""

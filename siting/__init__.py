"""Charging-infrastructure siting on OpenStreetMap road networks."""

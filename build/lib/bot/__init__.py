"""Messenger policy bot: application wiring, settings, CLI and text understanding."""

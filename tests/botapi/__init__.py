"""Loopback Telegram Bot API for end-to-end tests: see fixtures.py for how to use it."""

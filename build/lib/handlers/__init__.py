"""Telegram-facing code: one module per feature, each with a ``register(application)`` function."""

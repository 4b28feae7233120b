"""``python -m bot``: the same as the ``mpbot`` command."""

from bot.cli import main

if __name__ == "__main__":  # bulk ingest's worker processes import this module again
    raise SystemExit(main())

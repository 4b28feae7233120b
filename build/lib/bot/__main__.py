"""``python -m bot``: the same as the ``mpbot`` command."""

from bot.cli import main

raise SystemExit(main())

"""Text understanding: pure functions from raw news text to plain data.

No I/O apart from the cached loading of the packaged knowledge files.
"""

from bot.understanding.normalize import normalize_text, search_terms, stem

__all__ = ["normalize_text", "search_terms", "stem"]

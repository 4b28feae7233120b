# pytest_plugins is only honoured in the root conftest, which this package does not own: import instead.
from tests.botapi.fixtures import bot_api

__all__ = ["bot_api"]

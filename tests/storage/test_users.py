import sqlite3

import pytest

from storage.database import Database
from storage.users import UserStore


async def test_a_user_who_never_chose_has_no_language(database: Database) -> None:
    assert await UserStore(database).language(42) is None


async def test_the_chosen_language_is_remembered_and_can_be_changed(database: Database) -> None:
    users = UserStore(database)
    await users.set_language(42, "fa")
    assert await users.language(42) == "fa"
    await users.set_language(42, "kk")
    assert await users.language(42) == "kk"
    assert await users.language(43) is None


async def test_an_unsupported_language_is_refused_by_the_schema(database: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await UserStore(database).set_language(42, "de")
    assert await UserStore(database).language(42) is None

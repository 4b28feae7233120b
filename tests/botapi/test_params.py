"""Decoding of form values as PTB encodes them."""

from tests.botapi.params import decode_value


def test_text_like_parameters_stay_strings_even_when_they_look_like_json() -> None:
    assert decode_value("text", "42") == "42"
    assert decode_value("callback_query_id", "17") == "17"
    assert decode_value("text", '{"a": 1}') == '{"a": 1}'


def test_other_parameters_are_json_decoded() -> None:
    assert decode_value("chat_id", "-1001") == -1001
    assert decode_value("disable_notification", "true") is True
    assert decode_value("reply_markup", '{"inline_keyboard": []}') == {"inline_keyboard": []}
    assert decode_value("chat_id", "@channel") == "@channel"

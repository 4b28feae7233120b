"""Injected failures and flood limits, without a server."""

from tests.botapi.limits import FailurePlan, InjectedFailure, RateCaps


def test_failure_applies_only_to_its_chat_and_only_as_often_as_asked() -> None:
    plan = FailurePlan()
    plan.add(InjectedFailure("sendmessage", 403, "Forbidden: bot was blocked by the user", 2, chat_id=42))

    assert plan.take("sendMessage", {"chat_id": 43}) is None
    assert plan.take("editMessageText", {"chat_id": 42}) is None
    first = plan.take("sendMessage", {"chat_id": "42"})
    assert first == {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    assert plan.take("sendMessage", {"chat_id": 42}) is not None
    assert plan.take("sendMessage", {"chat_id": 42}) is None
    assert len(plan) == 0


def test_group_cap_is_per_minute_and_private_chats_are_not_counted_in_it() -> None:
    caps = RateCaps(global_per_s=None, per_chat_per_s=None, per_group_per_min=20)

    assert all(caps.admit(-100, now=float(second)) is None for second in range(20))
    assert caps.admit(-100, now=20.0) == 40  # the first of the 20 leaves the window at t=60
    assert caps.admit(-200, now=20.0) is None
    assert all(caps.admit(7, now=20.0) is None for _ in range(50))
    assert caps.admit(-100, now=60.0) is None


def test_refused_calls_do_not_use_up_the_window() -> None:
    caps = RateCaps(global_per_s=2, per_chat_per_s=None, per_group_per_min=None)

    assert caps.admit(1, now=0.0) is None
    assert caps.admit(2, now=0.1) is None
    assert caps.admit(3, now=0.2) == 1
    assert caps.admit(3, now=1.01) is None

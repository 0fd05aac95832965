"""The watch loop's timers, decided from made-up times: no test here waits."""

from plainheal.watch.schedule import TICK, Schedule


def _schedule() -> Schedule:
    schedule = Schedule(rescan_every=300.0, presence_every=2.0)
    schedule.started(100.0)  # a full read at t=100
    schedule.take("presence", 100.0)
    return schedule


def test_nothing_is_due_right_after_a_full_read() -> None:
    schedule = _schedule()
    assert schedule.due(100.5, None) == ()
    assert schedule.wake_at(100.5, None) == 100.5 + TICK  # a tick bounds every wait


def test_the_loop_wakes_for_the_earliest_of_changes_retry_and_rescan() -> None:
    schedule = _schedule()
    assert schedule.wake_at(100.0, 100.3) == 100.3  # the debounced changes first
    schedule.retry(100.2)
    assert schedule.wake_at(100.0, 100.3) == 100.2
    assert schedule.take("retry", 100.2)
    assert schedule.wake_at(399.9, None) == 400.0  # the rescan, closer than a tick


def test_what_is_due_comes_in_the_loop_s_order() -> None:
    schedule = _schedule()
    schedule.retry(150.0)
    assert schedule.due(101.0, 101.0) == ("changes",)
    assert schedule.due(102.0, None) == ("presence",)
    assert schedule.due(400.0, 399.0) == ("changes", "presence", "retry", "rescan")


def test_presence_is_looked_at_every_period_from_when_it_was_last_looked_at() -> None:
    schedule = _schedule()
    assert not schedule.take("presence", 101.9)
    assert schedule.take("presence", 102.5)
    assert not schedule.take("presence", 104.4)
    assert schedule.take("presence", 104.5)


def test_a_retry_happens_once() -> None:
    schedule = _schedule()
    schedule.retry(130.0)  # a summary held while being edited, for its grace period
    assert not schedule.take("retry", 129.0)
    assert schedule.take("retry", 130.0)
    assert not schedule.take("retry", 200.0)
    assert schedule.retry_at is None


def test_the_periodic_rescan_comes_round_again() -> None:
    schedule = _schedule()
    assert not schedule.take("rescan", 399.0)
    assert schedule.take("rescan", 401.0)
    assert schedule.next_rescan == 701.0
    schedule.started(500.0)  # the settings changed: everything was read again
    assert schedule.next_rescan == 800.0

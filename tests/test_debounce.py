from plainheal.watch.debounce import Debouncer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_gives_one_regeneration() -> None:
    clock = Clock()
    debouncer = Debouncer(quiet=1.0, ceiling=10.0, clock=clock)
    assert debouncer.deadline() is None and not debouncer.due()
    for i in range(500):  # a sync client dropping files every 5 ms
        debouncer.add([f"Journal/{i}.md"])
        clock.now += 0.005
        assert not debouncer.due()
    clock.now += 1.0
    assert debouncer.due()
    assert len(debouncer.take()) == 500
    assert not debouncer.pending and not debouncer.due()


def test_quiet_period_restarts_with_each_change() -> None:
    clock = Clock()
    debouncer = Debouncer(quiet=1.0, ceiling=10.0, clock=clock)
    debouncer.add(["a.md"])
    clock.now += 0.9
    debouncer.add(["b.md"])
    clock.now += 0.9
    assert not debouncer.due()
    clock.now += 0.1
    assert debouncer.due() and debouncer.take() == {"a.md", "b.md"}


def test_a_steady_trickle_still_flushes_at_the_ceiling() -> None:
    clock = Clock()
    debouncer = Debouncer(quiet=1.0, ceiling=3.0, clock=clock)
    flushed_at = []
    for _ in range(100):
        debouncer.add(["Journal/x.md"])
        clock.now += 0.5
        if debouncer.due():
            flushed_at.append(clock.now)
            debouncer.take()
    assert flushed_at and flushed_at[0] == 103.0
    assert len(flushed_at) >= 10


def test_adding_nothing_changes_nothing() -> None:
    clock = Clock()
    debouncer = Debouncer(quiet=1.0, ceiling=3.0, clock=clock)
    debouncer.add([])
    assert debouncer.deadline() is None

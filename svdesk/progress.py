"""Progress reports from long core jobs (imports, exports, recalculation); no Qt here."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class Cancelled(Exception):
    """The user cancelled a long job; nothing it started has been written."""


@dataclass(frozen=True)
class Progress:
    done: int
    total: int | None = None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)


def run_steps(
    steps: Generator[Progress, None, T], on_progress: Callable[[Progress], None] | None = None
) -> T:
    """Drain a steps generator (the command line and tests), returning what it returns."""
    while True:
        try:
            progress = next(steps)
        except StopIteration as stop:
            return stop.value
        if on_progress:
            on_progress(progress)

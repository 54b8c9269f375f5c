"""Progress plumbing for long work: a job is a generator that yields `Progress` and returns its result.

The one path for an export, a clip, a batch or `verify --all`: the CLI prints each step as
text (`run_with_progress`), the windows follow it with a bar (ui/progress_job.py runs it off
the GUI thread). Closing the generator cancels the job; each job cleans up after itself.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Progress:
    """One step of a long job: how far (0–1) and what it is doing, in words."""

    fraction: float
    message: str


def run_with_progress(
    job: Generator[Progress, None, T], on_progress: Callable[[Progress], None] | None = None
) -> T:
    """Drive a progress generator to its end and return what it returns."""
    while True:
        try:
            step = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(step)

"""Acting on a thread worker's result only once the worker has finished."""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState


def finished_result(event: Worker.StateChanged, name: str) -> Any | None:
    """What worker `name` returned, if this event says it has just succeeded.

    A screen that closes itself from inside its own worker (by `call_from_thread`)
    cancels that worker as it goes, while the worker still waits for the call to
    return. So a screen that closes after a write does it on this event instead.
    """
    if event.worker.name != name or event.state is not WorkerState.SUCCESS:
        return None
    return event.worker.result

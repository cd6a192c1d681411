"""A tiny, signal-free hook for events that must be handled in the same transaction.

A domain app calls `emit("finance.loan_decided", loan=loan)` inside its action; an app above it
(notify) registers a listener in its `AppConfig.ready()` with `listen(name, fn)`. The domain app
never imports the listener's app; a listener that raises fails the action (it runs in the same
transaction on purpose: the outbox row is written with the event or not at all), so listeners only
write rows and never call the network.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_LISTENERS: dict[str, list[Callable[..., None]]] = defaultdict(list)


def listen(name: str, listener: Callable[..., None]) -> None:
    """Register `listener(**payload)` for the event `name` (idempotent)."""
    if listener not in _LISTENERS[name]:
        _LISTENERS[name].append(listener)


def emit(name: str, **payload: Any) -> None:
    """Call every listener of `name` with the payload, in registration order."""
    for listener in list(_LISTENERS.get(name, ())):
        listener(**payload)

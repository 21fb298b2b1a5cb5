"""Progress bars for long steps, shown only where a person is watching.

Library code marks its long loops with :func:`steps`; nothing is shown unless the caller asked
for it with :func:`shown` (the command line does, when standard error is a terminal and
``--quiet`` is not given). So library calls, report notebooks, pipes, cron jobs and JSON output
never get progress text, and an interactive ``upwork-analytics drivers`` shows where it is.
Bars are drawn by tqdm on standard error and removed when their step ends.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_SHOWN: ContextVar[bool] = ContextVar("upwork_analytics_progress", default=False)


def on_terminal(stream=None) -> bool:
    """Whether ``stream`` (default: standard error) is an interactive terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # closed or replaced by an object without isatty
        return False


def enabled() -> bool:
    """Whether progress is to be shown here: asked for with :func:`shown`, on a terminal."""
    return _SHOWN.get() and on_terminal()


@contextmanager
def shown(show: bool = True) -> Iterator[None]:
    """Show progress bars (on a terminal only) for the steps run inside this block.

    Parameters
    ----------
    show : bool, default=True
        False keeps them hidden (``--quiet``).
    """
    token = _SHOWN.set(bool(show))
    try:
        yield
    finally:
        _SHOWN.reset(token)


def steps(iterable: Iterable[T], *, total: int | None = None, desc: str | None = None,
          min_total: int = 1) -> Iterable[T]:
    """``iterable``, with a progress bar when :func:`enabled` and there are at least
    ``min_total`` steps; else ``iterable`` itself, untouched.

    Parameters
    ----------
    iterable : iterable
        The loop to follow.
    total : int, optional
        Number of steps (default ``len(iterable)`` when it has one).
    desc : str, optional
        What the bar counts, e.g. ``"bootstrap refits"``.
    min_total : int, default=1
        Fewer steps than this: no bar (short loops are not worth one).
    """
    if not enabled():
        return iterable
    if total is None:
        try:
            total = len(iterable)  # type: ignore[arg-type]
        except TypeError:
            total = None
    if total is not None and total < min_total:
        return iterable
    from tqdm import tqdm  # not tqdm.auto: no notebook widgets

    return tqdm(iterable, total=total, desc=desc, file=sys.stderr, leave=False,
                dynamic_ncols=True)

"""Arrival curves: how a bank's contacts spread over the day and the week.

A curve is relative (its level is set later, by the staff available). It is the intraday shape
at each quarter hour's local midpoint, times the weekday's factor, and zero while the queue takes
no contacts.
"""

import numpy as np
import numpy.typing as npt

from switchboard.democentre.calendar import Calendar
from switchboard.democentre.centre import Hours, Keypoints, QueueSpec

FloatArray = npt.NDArray[np.float64]


def intraday(keypoints: Keypoints, hours: FloatArray) -> FloatArray:
    """The curve's value at each local decimal hour, joining its points by straight lines."""
    at, value = zip(*keypoints, strict=True)
    return np.asarray(np.interp(hours, at, value), dtype=np.float64)


def open_mask(
    opening: tuple[Hours, ...], weekdays: npt.NDArray[np.int64], hours: FloatArray
) -> npt.NDArray[np.bool_]:
    """Whether each interval (by its weekday and midpoint hour) falls inside the opening hours."""
    mask = np.zeros(len(hours), dtype=bool)
    for weekday, window in enumerate(opening):
        if window is not None:
            mask |= (weekdays == weekday) & (hours >= window[0]) & (hours < window[1])
    return mask


def arrival_shape(spec: QueueSpec, calendar: Calendar) -> FloatArray:
    """Relative arrival rate per interval of the calendar."""
    days, hours = calendar.interval_local
    weekdays = days % 7  # the calendar starts on a Monday
    factor = np.asarray(spec.week, dtype=np.float64)[weekdays]
    shape = intraday(spec.day, hours) * factor
    return np.where(open_mask(spec.arrives, weekdays, hours), shape, 0.0)

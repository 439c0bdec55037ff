"""``model_from_mapping``: a :class:`Model` from a plain mapping, as parsed from a TOML file.

The shape (times in seconds, or ``"HH:MM"`` / ``"HH:MM:SS"`` text for shift and absence times
measured from clock 0; see ``example.toml`` beside this module)::

    interval_seconds = 900            # optional, default 900
    horizon_seconds = 28800           # optional, default: the longest arrival profile
    warmup_seconds = 0                # optional: contacts arriving earlier are not measured

    [[queues]]
    name = "support"
    channel = "voice"                 # voice, email, chat, sms, social or task
    arrivals_per_hour = [360, 420]    # one number per interval (or one number for all);
                                      # or arrival_rates = [...] per second
    aht = 300                         # mean handle time, seconds
    service = "lognormal"             # exponential (default), lognormal (needs aht_sd) or
    aht_sd = 150                      # empirical (needs handle_times = [...], no aht)
    patience = 180                    # mean patience, seconds; omit for none
    patience_distribution = "exponential"   # or lognormal (needs patience_sd)
    wrap_share = 0.2
    threshold = 20                    # service-level threshold in seconds; default by channel:
                                      # 20 voice, 60 chat, 3600 email, sms, social and task
    ivr_self_service_share = 0.1
    callback = { after_seconds = 120, accept_probability = 0.3, queue = "callbacks" }

    [[agents]]                        # a group of identical agents
    name = "support"                  # agents are support-01, support-02, ... when count > 1
    count = 20                        # default 1
    skills = { support = 1, sales = 2 }   # queue name = priority, 1 the highest
    speed = 1.0                       # multiplies handle times
    shifts = [{ start = "00:00", end = "08:00", absences = [   # times since clock 0,
        { start = "02:00", end = "02:15", state = "break" } ] }]  # not times of day

Every error is a ``ValueError`` naming the key path, e.g. ``queues[1].aht: must be positive``.
"""

import math
from collections.abc import Mapping, Sequence
from typing import Any

from switchboard.domain.queueing.simulation.distributions import Patience, ServiceTime
from switchboard.domain.queueing.simulation.model import (
    Absence,
    Agent,
    CallbackOffer,
    Model,
    Queue,
    Shift,
)

_TOP = {"interval_seconds", "horizon_seconds", "warmup_seconds", "queues", "agents"}
_QUEUE = {
    "name", "channel", "arrivals_per_hour", "arrival_rates", "aht", "aht_sd", "service",
    "handle_times", "patience", "patience_sd", "patience_distribution", "wrap_share",
    "ivr_self_service_share", "callback", "threshold",
}  # fmt: skip
# The service-level threshold a queue gets when its config names none: the store's defaults.
DEFAULT_THRESHOLDS = {"voice": 20.0, "chat": 60.0}
DEFAULT_THRESHOLD = 3600.0
_AGENT = {"name", "count", "skills", "speed", "shifts"}


def _keys(
    path: str, data: Any, allowed: set[str], required: Sequence[str] = ()
) -> Mapping[str, Any]:
    prefix = f"{path}." if path else ""
    if not isinstance(data, Mapping):
        raise ValueError(f"{path or 'config'}: must be a table")
    for key in data:
        if key not in allowed:
            raise ValueError(
                f"{prefix}{key}: not a known key (known: {', '.join(sorted(allowed))})"
            )
    for key in required:
        if key not in data:
            raise ValueError(f"{prefix}{key}: is required")
    return data


def _number(path: str, value: Any, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{path}: must be a number, not {value!r}")
    if value < 0 or (positive and value == 0):
        raise ValueError(f"{path}: must be {'positive' if positive else 'zero or more'}")
    return float(value)


def _text(path: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{path}: must be non-empty text")
    return value


def _time(path: str, value: Any) -> float:
    if isinstance(value, str):
        parts = value.split(":")
        if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"{path}: {value!r} is not HH:MM or HH:MM:SS")
        hours, minutes, *secs = (int(p) for p in parts)
        if minutes >= 60 or (secs and secs[0] >= 60):
            raise ValueError(f"{path}: {value!r} has minutes or seconds of 60 or more")
        return hours * 3600.0 + minutes * 60.0 + (secs[0] if secs else 0)
    return _number(path, value)


def _list(path: str, value: Any) -> list[Any]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise ValueError(f"{path}: must be a list")
    return list(value)


def _checked(path: str, build: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return build(*args, **kwargs)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _rates(path: str, q: Mapping[str, Any], intervals: float) -> tuple[float, ...]:
    if ("arrivals_per_hour" in q) == ("arrival_rates" in q):
        raise ValueError(f"{path}: give exactly one of arrivals_per_hour and arrival_rates")
    key = "arrivals_per_hour" if "arrivals_per_hour" in q else "arrival_rates"
    scale = 3600.0 if key == "arrivals_per_hour" else 1.0
    raw = q[key]
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return (_number(f"{path}.{key}", raw) / scale,) * max(1, math.ceil(intervals - 1e-9))
    values = _list(f"{path}.{key}", raw)
    return tuple(_number(f"{path}.{key}[{i}]", v) / scale for i, v in enumerate(values))


def _service(path: str, q: Mapping[str, Any]) -> ServiceTime:
    kind = q.get("service", "exponential")
    if kind == "empirical":
        values = _list(f"{path}.handle_times", q.get("handle_times"))
        times = [
            _number(f"{path}.handle_times[{i}]", v, positive=True) for i, v in enumerate(values)
        ]
        return _checked(f"{path}.handle_times", ServiceTime.empirical, times)  # type: ignore[no-any-return]
    if "aht" not in q:
        raise ValueError(f"{path}.aht: is required")
    aht = _number(f"{path}.aht", q["aht"], positive=True)
    if kind == "exponential":
        return ServiceTime.exponential(aht)
    if kind == "lognormal":
        return ServiceTime.lognormal(aht, _number(f"{path}.aht_sd", q.get("aht_sd"), positive=True))
    raise ValueError(f"{path}.service: {kind!r} is not exponential, lognormal or empirical")


def _patience(path: str, q: Mapping[str, Any]) -> Patience:
    if "patience" not in q:
        return Patience.none()
    mean = _number(f"{path}.patience", q["patience"], positive=True)
    kind = q.get("patience_distribution", "exponential")
    if kind == "exponential":
        return Patience.exponential(mean)
    if kind == "lognormal":
        return Patience.lognormal(
            mean, _number(f"{path}.patience_sd", q.get("patience_sd"), positive=True)
        )
    raise ValueError(f"{path}.patience_distribution: {kind!r} is not exponential or lognormal")


def _queue(path: str, data: Any, intervals: float) -> Queue:
    q = _keys(path, data, _QUEUE, ("name",))
    callback = None
    if "callback" in q:
        c = _keys(f"{path}.callback", q["callback"], {"after_seconds", "accept_probability", "queue"},
                  ("after_seconds", "accept_probability", "queue"))  # fmt: skip
        callback = _checked(
            f"{path}.callback",
            CallbackOffer,
            _number(f"{path}.callback.after_seconds", c["after_seconds"]),
            _number(f"{path}.callback.accept_probability", c["accept_probability"]),
            _text(f"{path}.callback.queue", c["queue"]),
        )
    return _checked(  # type: ignore[no-any-return]
        path,
        Queue,
        name=_text(f"{path}.name", q["name"]),
        channel=_text(f"{path}.channel", q.get("channel", "voice")),
        arrival_rates=_rates(path, q, intervals),
        service=_service(path, q),
        patience=_patience(path, q),
        wrap_share=_number(f"{path}.wrap_share", q.get("wrap_share", 0.0)),
        ivr_self_service_share=_number(
            f"{path}.ivr_self_service_share", q.get("ivr_self_service_share", 0.0)
        ),
        callback=callback,
    )


def _shift(path: str, data: Any) -> Shift:
    s = _keys(path, data, {"start", "end", "absences"}, ("start", "end"))
    absences = []
    for i, raw in enumerate(_list(f"{path}.absences", s.get("absences", []))):
        p = f"{path}.absences[{i}]"
        a = _keys(p, raw, {"start", "end", "state"}, ("start", "end", "state"))
        absences.append(
            _checked(
                p,
                Absence,
                _time(f"{p}.start", a["start"]),
                _time(f"{p}.end", a["end"]),
                _text(f"{p}.state", a["state"]),
            )
        )
    start, end = _time(f"{path}.start", s["start"]), _time(f"{path}.end", s["end"])
    return _checked(path, Shift, start, end, tuple(absences))  # type: ignore[no-any-return]


def _skills(path: str, data: Any, queues: set[str]) -> dict[str, int]:
    if not isinstance(data, Mapping) or not data:
        raise ValueError(f"{path}: must be a table of queue = priority, with at least one queue")
    for queue, priority in data.items():
        if queue not in queues:
            raise ValueError(f"{path}.{queue}: unknown queue {queue!r}")
        if isinstance(priority, bool) or not isinstance(priority, int) or priority < 1:
            raise ValueError(f"{path}.{queue}: priority must be a whole number of at least 1")
    return dict(data)


def _agents(path: str, data: Any, queues: set[str]) -> list[Agent]:
    g = _keys(path, data, _AGENT, ("name", "skills"))
    name = _text(f"{path}.name", g["name"])
    count = g.get("count", 1)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError(f"{path}.count: must be a whole number of at least 1")
    skills = _skills(f"{path}.skills", g["skills"], queues)
    shifts = tuple(
        _shift(f"{path}.shifts[{i}]", s)
        for i, s in enumerate(_list(f"{path}.shifts", g.get("shifts", [])))
    )
    speed = _number(f"{path}.speed", g.get("speed", 1.0), positive=True)
    width = len(str(count))
    names = [name] if count == 1 else [f"{name}-{i + 1:0{width}d}" for i in range(count)]
    return [_checked(path, Agent, n, dict(skills), speed, shifts) for n in names]


def model_from_mapping(data: Mapping[str, Any]) -> Model:
    """Build and check a :class:`Model`; a mistake names its key path."""
    top = _keys("", data, _TOP, ("queues", "agents"))
    interval = _number("interval_seconds", top.get("interval_seconds", 900.0), positive=True)
    horizon = top.get("horizon_seconds")
    horizon = None if horizon is None else _number("horizon_seconds", horizon, positive=True)
    intervals = (horizon or interval) / interval
    queues = [
        _queue(f"queues[{i}]", q, intervals) for i, q in enumerate(_list("queues", top["queues"]))
    ]
    agents: list[Agent] = []
    for i, group in enumerate(_list("agents", top["agents"])):
        agents += _agents(f"agents[{i}]", group, {q.name for q in queues})
    return Model(tuple(queues), tuple(agents), interval, horizon)


def thresholds_from_mapping(data: Mapping[str, Any]) -> dict[str, float]:
    """Each queue's service-level threshold: its `threshold`, else its channel's default."""
    thresholds = {}
    for i, queue in enumerate(_list("queues", data.get("queues", []))):
        channel = queue.get("channel", "voice")
        default = DEFAULT_THRESHOLDS.get(channel, DEFAULT_THRESHOLD)
        thresholds[queue["name"]] = _number(
            f"queues[{i}].threshold", queue.get("threshold", default)
        )
    return thresholds


def warmup_from_mapping(data: Mapping[str, Any]) -> float:
    """Seconds from clock 0 before measuring starts (`warmup_seconds`, default 0)."""
    return _number("warmup_seconds", data.get("warmup_seconds", 0.0))

"""Calls from queue_log events: one interaction per queue visit, with the visits of a call linked.

Field meanings (Asterisk ``app_queue`` and XiVO/Wazo), ``dataN`` counted from 1:

==================  ==========================================================
ENTERQUEUE          url | caller id
CONNECT             holdtime | bridged channel id | ringtime
COMPLETEAGENT/-CALLER  holdtime | calltime | original position
ABANDON, EXITEMPTY, EXITWITHTIMEOUT   position | original position | waittime
EXITWITHKEY         key | position | original position | waittime
BLINDTRANSFER       extension | context | holdtime | calltime | original position
ATTENDEDTRANSFER    method | target... | holdtime | calltime | original position
TRANSFER (legacy)   extension | context | holdtime | calltime
FULL, JOINEMPTY, CLOSED, DIVERT_CA_RATIO, DIVERT_HOLDTIME   the call never joined the queue
==================  ==========================================================
"""

from dataclasses import asdict, dataclass
from typing import Any

from switchboard.ingest.records import BadFieldError, InteractionRecord, text_problem
from switchboard.interactions.models import Outcome
from switchboard.kit.clock import from_epoch

# A further queue visit of the same call is linked to the previous one only if it starts
# within this many seconds of it ending; it also bounds the memory the links take.
LINK_WINDOW_SECONDS = 3600.0

CARRY_CALLS_FOR = 86_400.0  # seconds: a call open this long lost its closing line
_DISPOSITION_LIMIT = 200  # the store's width for a disposition
_EVICT_EVERY = 1000  # visits; forgetting old ones in batches keeps the per-call cost tiny
OVERFLOW_EVENTS = frozenset({"FULL", "JOINEMPTY", "CLOSED", "DIVERT_CA_RATIO", "DIVERT_HOLDTIME"})
_UNANSWERED = {
    "ABANDON": Outcome.ABANDONED,
    "EXITEMPTY": Outcome.OVERFLOWED,
    "EXITWITHTIMEOUT": Outcome.TIMED_OUT,
    "EXITWITHKEY": Outcome.CALLBACK,
}
_HANGUP = {"COMPLETEAGENT": "agent_hangup", "COMPLETECALLER": "caller_hangup"}
_NO_CALLER = frozenset({"", "anonymous", "unknown", "restricted", "private", "<unknown>"})


def seconds(data: list[str], index: int, default: float | None = None) -> float:
    """Field ``data{index+1}`` as non-negative seconds; ``default`` when absent or empty."""
    text = data[index].strip() if index < len(data) else ""
    if not text:
        if default is None:
            raise BadFieldError(f"data{index + 1}", "missing; a number of seconds is required")
        return max(default, 0.0)
    try:
        value = float(text)
    except ValueError:
        raise BadFieldError(f"data{index + 1}", f"{text!r} is not a number of seconds") from None
    if not 0 <= value < 1e9:
        raise BadFieldError(f"data{index + 1}", f"{text!r} is not a plausible number of seconds")
    return value


def _in_order(call: "OpenCall", at: float) -> None:
    """Refuse an event dated before the call entered the queue: the log is out of order."""
    if at < call.entered:
        raise BadFieldError("time", f"earlier than the call's ENTERQUEUE at {call.entered:.3f}")


@dataclass(slots=True)
class OpenCall:
    source_id: str
    callid: str
    queue: str
    entered: float
    caller: str | None
    segment: int
    previous: str | None
    answered: float | None = None
    wait: float = 0.0
    agent: str | None = None


class CallAssembler:
    def __init__(self) -> None:
        self.open: dict[tuple[str, str], OpenCall] = {}
        self._last_visit: dict[str, tuple[str, int, float]] = {}  # ordered by when the visit ended
        self._closed = 0
        self.out: list[InteractionRecord] = []

    def suspend(self, now: float) -> dict[str, Any]:
        """Open calls and recent visits, as JSON, for the next import to carry on from.

        A call still open a day after it entered will never close (its closing line was lost):
        it is not carried. Visits older than the link window could link nothing: not carried."""
        calls = [
            asdict(call) for call in self.open.values() if call.entered >= now - CARRY_CALLS_FOR
        ]
        visits = [
            [callid, source_id, segment, ended]
            for callid, (source_id, segment, ended) in self._last_visit.items()
            if ended >= now - LINK_WINDOW_SECONDS
        ]
        return {"calls": calls, "visits": visits}

    def resume(self, state: dict[str, Any]) -> None:
        for fields in state.get("calls", []):
            call = OpenCall(**fields)
            self.open[(call.callid, call.queue)] = call
        for callid, source_id, segment, ended in state.get("visits", []):
            self._last_visit[callid] = (source_id, segment, ended)

    def enter(self, callid: str, queue: str, at: float, data: list[str]) -> OpenCall | None:
        """Open a queue visit; returns a visit it displaced (its closing event never came)."""
        caller = data[1].strip() if len(data) > 1 else ""
        previous, segment = self._previous_visit(callid, at)
        call = OpenCall(
            source_id=f"{callid}|{queue}|{at:.3f}",
            callid=callid,
            queue=queue,
            entered=at,
            caller=None if caller.lower() in _NO_CALLER else caller,
            segment=segment,
            previous=previous,
        )
        displaced = self.open.get((callid, queue))
        self.open[(callid, queue)] = call
        return displaced

    def connect(self, call: OpenCall, agent: str | None, at: float, data: list[str]) -> None:
        _in_order(call, at)
        call.wait = seconds(data, 0, at - call.entered)
        call.answered = at
        call.agent = agent

    def complete(
        self, call: OpenCall, event: str, agent: str, at: float, data: list[str]
    ) -> InteractionRecord:
        _in_order(call, at)
        hold, talk = seconds(data, 0, call.wait), seconds(data, 1, at - (call.answered or at))
        return self._answered(call, agent, at, hold, talk, _HANGUP[event], transferred=False)

    def transfer(
        self, call: OpenCall, event: str, agent: str, at: float, data: list[str]
    ) -> InteractionRecord:
        _in_order(call, at)
        if event == "ATTENDEDTRANSFER" and len(data) >= 5:
            hold_index, target = len(data) - 3, "attended_transfer"
        elif event == "ATTENDEDTRANSFER":
            hold_index, target = 2, "attended_transfer"
        else:
            extension = data[0].strip() if data else ""
            context = data[1].strip() if len(data) > 1 else ""
            hold_index, target = (
                2,
                f"transfer:{extension}@{context}" if context else f"transfer:{extension}",
            )
        problem = text_problem(target, _DISPOSITION_LIMIT)
        if problem:
            raise BadFieldError("data1", f"transfer target {problem}")
        hold = seconds(data, hold_index, call.wait)
        talk = seconds(data, hold_index + 1, at - (call.answered or at))
        return self._answered(call, agent, at, hold, talk, target, transferred=True)

    def leave(self, call: OpenCall, event: str, at: float, data: list[str]) -> InteractionRecord:
        """The caller left unanswered: abandoned, timed out, queue emptied or key pressed."""
        _in_order(call, at)
        wait_index = 3 if event == "EXITWITHKEY" else 2
        wait = seconds(data, wait_index, at - call.entered)
        disposition = f"key:{data[0].strip()}" if event == "EXITWITHKEY" and data else event.lower()
        problem = text_problem(disposition, _DISPOSITION_LIMIT)
        if problem:
            raise BadFieldError("data1", f"the key pressed {problem}")
        record = self._record(call, _UNANSWERED[event], at, disposition)
        record.wait_seconds = wait
        return self._close(call, record, at)

    def overflow(self, callid: str, queue: str, event: str, at: float) -> InteractionRecord:
        """The call was refused by the queue (full, empty, closed or diverted)."""
        call = self.open.get((callid, queue))
        if call is None:
            self.enter(callid, queue, at, [])
            call = self.open[(callid, queue)]
        _in_order(call, at)
        record = self._record(call, Outcome.OVERFLOWED, at, event.lower())
        record.wait_seconds = at - call.entered
        return self._close(call, record, at)

    def _answered(
        self,
        call: OpenCall,
        agent: str,
        at: float,
        hold: float,
        talk: float,
        disposition: str,
        *,
        transferred: bool,
    ) -> InteractionRecord:
        outcome = Outcome.TRANSFERRED if transferred else Outcome.ANSWERED
        record = self._record(call, outcome, at, disposition)
        record.agent = call.agent or (agent if agent and agent != "NONE" else None)
        record.wait_seconds = hold
        record.talk_seconds = talk
        answered = call.answered if call.answered is not None else at - talk
        record.answered_at = from_epoch(answered)
        record.transferred = transferred
        return self._close(call, record, at)

    def _record(
        self, call: OpenCall, outcome: Outcome, at: float, disposition: str
    ) -> InteractionRecord:
        return InteractionRecord(
            source_id=call.source_id,
            contact_ref=call.callid,
            arrived_at=from_epoch(call.entered),
            outcome=outcome,
            queue=call.queue,
            customer=call.caller,
            segment=call.segment,
            previous_source_id=call.previous,
            ended_at=from_epoch(at),
            disposition=disposition,
        )

    def _close(self, call: OpenCall, record: InteractionRecord, at: float) -> InteractionRecord:
        self.open.pop((call.callid, call.queue), None)
        self._remember_visit(call, at)
        return record

    def _remember_visit(self, call: OpenCall, at: float) -> None:
        visits = self._last_visit
        visits.pop(call.callid, None)  # re-insert, so the dict stays in order of visit end
        visits[call.callid] = (call.source_id, call.segment, at)
        self._closed += 1
        if self._closed % _EVICT_EVERY == 0:
            self._forget_visits_before(at - LINK_WINDOW_SECONDS)

    def _forget_visits_before(self, cutoff: float) -> None:
        stale = []
        for callid, (_, _, ended) in self._last_visit.items():
            if ended >= cutoff:
                break
            stale.append(callid)
        for callid in stale:
            del self._last_visit[callid]

    def _previous_visit(self, callid: str, at: float) -> tuple[str | None, int]:
        last = self._last_visit.get(callid)
        if last is None or last[2] < at - LINK_WINDOW_SECONDS:
            return None, 1
        return last[0], last[1] + 1

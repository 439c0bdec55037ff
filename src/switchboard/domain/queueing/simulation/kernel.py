"""The event loop, compiled with numba: arrivals, agent completions, schedules and callbacks.

Inputs are flat NumPy arrays prepared by :mod:`.inputs`; every random number is drawn before the
loop, so the loop itself is deterministic. Three event sources are merged by time: the sorted
arrivals, the sorted schedule changes, and a binary heap holding agent completions and callback
offers. Abandonment needs no event: each waiting contact carries its deadline and is purged
(ended at that deadline) when an agent looks at its queue, or at the end of the run.

All jitted code lives in this one module on purpose: numba's on-disk cache does not notice when a
called function in another module changes.

Ties at one instant are resolved schedule first, then heap, then arrivals, so an agent whose shift
ends as its contact ends does not take another contact at that instant.
"""

# numba has no type stubs and these loops are typed by numba itself, not by mypy.
# mypy: allow-untyped-defs, allow-untyped-calls, allow-untyped-decorators

import numpy as np
from numba import njit

# Contact outcomes (WAITING only inside the loop).
WAITING = -1
ANSWERED = 0
ABANDONED = 1
CALLBACK = 2
SELF_SERVED = 3
TIMED_OUT = 4

# Agent state codes of the output intervals.
AVAILABLE = 0
ON_CONTACT = 1
WRAP_UP = 2
BREAK = 3  # absences are BREAK + their index in model.ABSENCE_STATES

# Agent modes inside the loop, and pending changes for a busy agent.
OFF, IDLE, BUSY, AWAY = 0, 1, 2, 3
NO_CHANGE, GO_OFF = -1, -2
# An agent off duty who comes back at this instant, once every change at the instant is known:
# a break that ends as the next absence or the shift end begins must not take a contact between.
WAKE = -3

# Schedule kinds, in the order they are processed at one instant.
ABSENCE_END, SHIFT_END, SHIFT_START, ABSENCE_START = 0, 1, 2, 3

_FREE, _OFFER = 0, 1


@njit(cache=True, inline="always")
def _heap_push(hp, cnt, t, key):
    ht, hk = hp
    i = cnt[0]
    cnt[0] = i + 1
    while i > 0:
        parent = (i - 1) >> 1
        if ht[parent] <= t:
            break
        ht[i] = ht[parent]
        hk[i] = hk[parent]
        i = parent
    ht[i] = t
    hk[i] = key


@njit(cache=True, inline="always")
def _heap_pop(hp, cnt):
    ht, hk = hp
    n = cnt[0] - 1
    cnt[0] = n
    t = ht[n]
    key = hk[n]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= n:
            break
        if child + 1 < n and ht[child + 1] < ht[child]:
            child += 1
        if ht[child] >= t:
            break
        ht[i] = ht[child]
        hk[i] = hk[child]
        i = child
    ht[i] = t
    hk[i] = key


@njit(cache=True, inline="always")
def _emit(st, cnt, agent, code, queue, start, end):
    s_agent, s_code, s_queue, s_start, s_end = st
    j = cnt[2]
    s_agent[j] = agent
    s_code[j] = code
    s_queue[j] = queue
    s_start[j] = start
    s_end[j] = end
    cnt[2] = j + 1


@njit(cache=True, inline="always")
def _list_push(ls, ag, lst, a):
    l_off, l_cap, l_head, l_size, l_agent, l_epoch, _, _, tmp_a, tmp_e = ls
    mode, epoch = ag[0], ag[2]
    off = l_off[lst]
    cap = l_cap[lst]
    if l_size[lst] == cap:  # full of stale entries: keep only the idle agents, in order
        kept = 0
        for j in range(cap):
            idx = off + (l_head[lst] + j) % cap
            b = l_agent[idx]
            if mode[b] == IDLE and epoch[b] == l_epoch[idx]:
                tmp_a[kept] = b
                tmp_e[kept] = l_epoch[idx]
                kept += 1
        for j in range(kept):
            l_agent[off + j] = tmp_a[j]
            l_epoch[off + j] = tmp_e[j]
        l_head[lst] = 0
        l_size[lst] = kept
    idx = l_head[lst] + l_size[lst]
    if idx >= cap:
        idx -= cap
    l_agent[off + idx] = a
    l_epoch[off + idx] = epoch[a]
    l_size[lst] += 1


@njit(cache=True, inline="always")
def _list_pop(ls, ag, lst):
    l_off, l_cap, l_head, l_size, l_agent, l_epoch = ls[0], ls[1], ls[2], ls[3], ls[4], ls[5]
    mode, epoch = ag[0], ag[2]
    while l_size[lst] > 0:
        idx = l_off[lst] + l_head[lst]
        l_head[lst] += 1
        if l_head[lst] == l_cap[lst]:
            l_head[lst] = 0
        l_size[lst] -= 1
        b = l_agent[idx]
        if mode[b] == IDLE and epoch[b] == l_epoch[idx]:
            return b
    return -1


@njit(cache=True, inline="always")
def _go_idle(ls, ag, a, t):
    mode, epoch, since, skill_q, skill_list, n_skills = ag[0], ag[2], ag[3], ag[6], ag[8], ag[9]
    idle_count = ls[7]
    mode[a] = IDLE
    since[a] = t
    epoch[a] += 1
    for k in range(n_skills[a]):
        idle_count[skill_q[a, k]] += 1
        _list_push(ls, ag, skill_list[a, k], a)


@njit(cache=True, inline="always")
def _leave_idle(ls, ag, st, cnt, a, t):
    since, skill_q, n_skills = ag[3], ag[6], ag[9]
    idle_count = ls[7]
    if t > since[a]:
        _emit(st, cnt, a, AVAILABLE, -1, since[a], t)
    for k in range(n_skills[a]):
        idle_count[skill_q[a, k]] -= 1
    ag[0][a] = BUSY


@njit(cache=True, inline="always")
def _answer(cs, qs, ag, st, hp, cnt, c, a, t):
    c_q, c_ans, c_end, c_agent, c_out, c_handle, c_service = (
        cs[0], cs[3], cs[4], cs[5], cs[6], cs[7], cs[10]
    )  # fmt: skip
    q = c_q[c]
    handle = c_service[c] * ag[5][a]
    talk = handle * (1.0 - qs[5][q])
    c_ans[c] = t
    c_end[c] = t + handle
    c_agent[c] = a
    c_out[c] = ANSWERED
    c_handle[c] = handle
    _emit(st, cnt, a, ON_CONTACT, q, t, t + talk)
    if handle > talk:
        _emit(st, cnt, a, WRAP_UP, q, t + talk, t + handle)
    ag[0][a] = BUSY
    _heap_push(hp, cnt, t + handle, a * 2 + _FREE)


@njit(cache=True, inline="always")
def _queue_head(cs, qs, q, t):
    c_end, c_out, c_deadline = cs[4], cs[6], cs[9]
    q_buf, q_head, q_tail = qs[0], qs[1], qs[2]
    while q_head[q] < q_tail[q]:
        c = q_buf[q_head[q]]
        if c_out[c] == WAITING:
            if c_deadline[c] > t:
                return c
            c_out[c] = ABANDONED
            c_end[c] = c_deadline[c]
        q_head[q] += 1
    return -1


@njit(cache=True, inline="always")
def _ready(cs, qs, ls, ag, st, hp, cnt, a, t):
    """Agent ``a`` can take a contact: the oldest head among its best-priority waiting queues."""
    skill_q, skill_prio, n_skills = ag[6], ag[7], ag[9]
    best, best_q, level = -1, -1, -1
    for k in range(n_skills[a]):
        if skill_prio[a, k] != level:
            if best >= 0:
                break
            level = skill_prio[a, k]
        q = skill_q[a, k]
        c = _queue_head(cs, qs, q, t)
        if c >= 0 and (best < 0 or cs[2][c] < cs[2][best]):
            best, best_q = c, q
    if best < 0:
        _go_idle(ls, ag, a, t)
        return
    qs[1][best_q] += 1
    _answer(cs, qs, ag, st, hp, cnt, best, a, t)


@njit(cache=True, inline="always")
def _route(cs, qs, ls, ag, st, hp, cnt, c, t):
    """A contact enters its queue: to the best idle agent, else to the back of the queue."""
    q = cs[0][c]
    list_first, idle_count = ls[6], ls[7]
    if idle_count[q] > 0:
        for lst in range(list_first[q], list_first[q + 1]):
            a = _list_pop(ls, ag, lst)
            if a >= 0:
                _leave_idle(ls, ag, st, cnt, a, t)
                _answer(cs, qs, ag, st, hp, cnt, c, a, t)
                return
    q_buf, q_tail, q_after = qs[0], qs[2], qs[3]
    q_buf[q_tail[q]] = c
    q_tail[q] += 1
    if cs[1][c] == 0 and q_after[q] < np.inf:
        _heap_push(hp, cnt, t + q_after[q], c * 2 + _OFFER)


@njit(cache=True, inline="always")
def _offer(cs, qs, ls, ag, st, hp, cnt, accept, cb_service, c, t):
    c_q, c_dir, c_arr, c_end, c_out, c_origin, c_deadline, c_service = (
        cs[0], cs[1], cs[2], cs[4], cs[6], cs[8], cs[9], cs[10]
    )  # fmt: skip
    if c_out[c] != WAITING:
        return
    if c_deadline[c] <= t:
        c_out[c] = ABANDONED
        c_end[c] = c_deadline[c]
        return
    if not accept[c]:
        return
    c_out[c] = CALLBACK
    c_end[c] = t
    n = cnt[1]
    cnt[1] = n + 1
    c_q[n] = qs[4][c_q[c]]
    c_dir[n] = 1
    c_arr[n] = t
    c_deadline[n] = np.inf
    c_service[n] = cb_service[c]
    c_origin[n] = c
    c_out[n] = WAITING
    _route(cs, qs, ls, ag, st, hp, cnt, n, t)


@njit(cache=True, inline="always")
def _schedule(cs, qs, ls, ag, st, hp, cnt, a, kind, state, t):
    mode, pending, since, away = ag[0], ag[1], ag[3], ag[4]
    if kind == ABSENCE_END:
        if mode[a] == AWAY:
            _emit(st, cnt, a, away[a], -1, since[a], t)
            mode[a], pending[a] = OFF, WAKE
        elif mode[a] == BUSY:
            pending[a] = NO_CHANGE  # the contact outlasted the whole absence
    elif kind == SHIFT_END:
        if mode[a] == IDLE:
            _leave_idle(ls, ag, st, cnt, a, t)
            mode[a] = OFF
        elif mode[a] == BUSY:
            pending[a] = GO_OFF
        elif mode[a] == OFF:
            pending[a] = NO_CHANGE  # an absence ran to the end of the shift
    elif kind == SHIFT_START:
        if mode[a] == BUSY:
            pending[a] = NO_CHANGE
        elif mode[a] == OFF:
            pending[a] = WAKE
    elif mode[a] == IDLE:
        _leave_idle(ls, ag, st, cnt, a, t)
        mode[a], since[a], away[a] = AWAY, t, state
    elif mode[a] == BUSY:
        pending[a] = state
    elif mode[a] == OFF and pending[a] == WAKE:  # straight from one absence into the next
        mode[a], since[a], away[a], pending[a] = AWAY, t, state, NO_CHANGE


@njit(cache=True, inline="always")
def _wake(cs, qs, ls, ag, st, hp, cnt, agents, t):
    """After every schedule change at instant ``t``: agents back on duty look for work."""
    mode, pending = ag[0], ag[1]
    for a in agents:
        if mode[a] == OFF and pending[a] == WAKE:
            pending[a] = NO_CHANGE
            _ready(cs, qs, ls, ag, st, hp, cnt, a, t)


@njit(cache=True, inline="always")
def _free(cs, qs, ls, ag, st, hp, cnt, a, t):
    mode, pending, since, away = ag[0], ag[1], ag[3], ag[4]
    change = pending[a]
    pending[a] = NO_CHANGE
    if change == GO_OFF:
        mode[a] = OFF
    elif change >= BREAK:
        mode[a], since[a], away[a] = AWAY, t, change
    else:
        _ready(cs, qs, ls, ag, st, hp, cnt, a, t)


@njit(cache=True, inline="always")
def _close(cs, qs, horizon):
    """Contacts still waiting at the end: abandoned at their deadline if it came, else timed out."""
    c_end, c_out, c_deadline = cs[4], cs[6], cs[9]
    q_buf, q_head, q_tail = qs[0], qs[1], qs[2]
    for q in range(q_head.shape[0]):
        for j in range(q_head[q], q_tail[q]):
            c = q_buf[j]
            if c_out[c] == WAITING:
                c_out[c] = ABANDONED if c_deadline[c] <= horizon else TIMED_OUT
                c_end[c] = min(c_deadline[c], horizon)


@njit(cache=True)
def run(cs, qs, ls, ag, st, hp, cnt, arrivals, offers, schedule, horizon):
    """Run the loop to the end; results are written into ``cs`` (contacts) and ``st`` (states).

    ``cnt`` holds [heap size, contacts so far, state rows so far]; ``cs`` already holds the
    inbound contacts in arrival order, ``arrivals`` = (times, self-served flags).
    """
    arr_t, self_served = arrivals
    accept, cb_service = offers
    sched_t, sched_agent, sched_kind, sched_state = schedule
    ht, hk = hp
    n_arr, n_sched = arr_t.shape[0], sched_t.shape[0]
    i = 0
    s = 0
    while True:
        ta = arr_t[i] if i < n_arr else np.inf
        ts = sched_t[s] if s < n_sched else np.inf
        th = ht[0] if cnt[0] > 0 else np.inf
        if ts <= th and ts <= ta:
            if ts == np.inf:
                break
            _schedule(
                cs, qs, ls, ag, st, hp, cnt, sched_agent[s], sched_kind[s], sched_state[s], ts
            )
            s += 1
            if s == n_sched or sched_t[s] > ts:  # the instant's last change
                first = s - 1
                while first > 0 and sched_t[first - 1] == ts:
                    first -= 1
                _wake(cs, qs, ls, ag, st, hp, cnt, sched_agent[first:s], ts)
        elif th <= ta:
            key = hk[0]
            _heap_pop(hp, cnt)
            if key & 1 == _FREE:
                _free(cs, qs, ls, ag, st, hp, cnt, key >> 1, th)
            elif th < horizon:
                _offer(cs, qs, ls, ag, st, hp, cnt, accept, cb_service, key >> 1, th)
        else:
            if self_served[i]:
                cs[6][i] = SELF_SERVED
                cs[4][i] = ta
            else:
                _route(cs, qs, ls, ag, st, hp, cnt, i, ta)
            i += 1
    _close(cs, qs, horizon)

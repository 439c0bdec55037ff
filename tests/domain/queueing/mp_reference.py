"""Erlang A to 30 significant digits with mpmath: the independent reference for the tests.

It shares no code or method with `switchboard.domain.queueing`: Erlang B is the plain sum of
Poisson terms, the waiting share and abandonment come from Mandelbaum and Zeltyn's closed forms
with mpmath's own incomplete gamma function, and the mean waits come from numerical integration
of the offered-wait density f(t) ∝ exp(λ(1 − e^(−θt))/θ − nμt) (Baccelli and Hébuterne 1981).
Sources: O. Garnett, A. Mandelbaum, M. Reiman, "Designing a call center with impatient
customers", MSOM 4(3), 2002; A. Mandelbaum, S. Zeltyn, "Service engineering in action: the
Palm/Erlang-A queue, with applications to call centers", 2007 (formulas in its appendix).
"""

from dataclasses import dataclass

import mpmath

mpmath.mp.dps = 40


@dataclass(frozen=True)
class Reference:
    wait_probability: mpmath.mpf
    abandon_probability: mpmath.mpf
    service_level: mpmath.mpf
    service_level_answered: mpmath.mpf
    asa: mpmath.mpf
    mean_abandon_time: mpmath.mpf


def erlang_b(load: mpmath.mpf, agents: int) -> mpmath.mpf:
    """A^n/n! ÷ Σₖ A^k/k!, summed term by term at high precision."""
    term = mpmath.mpf(1)
    total = mpmath.mpf(1)
    for k in range(1, agents + 1):
        term = term * load / k
        total += term
    return term / total


def erlang_a(
    arrival_rate: float, aht: float, patience: float, agents: int, threshold: float
) -> Reference:
    lam, mu, theta = mpmath.mpf(arrival_rate), 1 / mpmath.mpf(aht), 1 / mpmath.mpf(patience)
    n = agents
    x, y = n * mu / theta, lam / theta
    rho = lam / (n * mu)
    blocking = erlang_b(lam / mu, n)
    lower_gamma = mpmath.gammainc(x, 0, y)
    big_a = x * mpmath.exp(y) * y ** (-x) * lower_gamma
    wait = big_a * blocking / (1 + (big_a - 1) * blocking)
    abandon = wait * (1 / (rho * big_a) + 1 - 1 / rho)
    z = y * mpmath.exp(-theta * threshold)
    answered_quickly_if_wait = mpmath.gammainc(x + 1, z, y) / (y * lower_gamma)
    service_level = 1 - wait + wait * answered_quickly_if_wait

    def density(t: mpmath.mpf) -> mpmath.mpf:  # unnormalised offered-wait density
        return mpmath.exp(y * (1 - mpmath.exp(-theta * t)) - n * mu * t)

    mass = mpmath.exp(y) * y ** (-x) * lower_gamma / theta  # ∫₀^∞ density, in closed form
    points = _breakpoints(lam, n * mu, theta)
    served_wait = mpmath.quad(lambda t: t * density(t) * mpmath.exp(-theta * t), points) / mass
    served_wait_all = wait * served_wait
    answered = 1 - abandon
    return Reference(
        wait_probability=wait,
        abandon_probability=abandon,
        service_level=service_level,
        service_level_answered=service_level / answered,
        asa=served_wait_all / answered,
        mean_abandon_time=(abandon / theta - served_wait_all) / abandon,
    )


def _breakpoints(lam: mpmath.mpf, capacity: mpmath.mpf, theta: mpmath.mpf) -> list[mpmath.mpf]:
    """Split [0, ∞) where the density lives, so the quadrature sees its peak and its scale."""
    peak = mpmath.log(lam / capacity) / theta if lam > capacity else mpmath.mpf(0)
    scale = 1 / abs(capacity - lam) if capacity != lam else 1 / theta
    scale = min(scale, 1 / theta, mpmath.sqrt(1 / (theta * lam)) if lam > 0 else 1 / theta)
    points = [mpmath.mpf(0)]
    for step in (0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128):
        for centre in {peak, mpmath.mpf(0)}:
            for sign in (-1, 1):
                t = centre + sign * step * scale
                if t > 0:
                    points.append(t)
    return [*sorted(set(points)), mpmath.inf]

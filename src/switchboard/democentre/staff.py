"""The demo's agents: names, teams and how fast each one works.

Team sizes follow each team's share of the work. Speed multiplies an agent's handle times:
lognormal around 1, so a few agents are much slower than the rest, as new starters are.
"""

from dataclasses import dataclass

import numpy as np

from switchboard.democentre.centre import SKILL_GROUPS, SkillGroup, queue_spec

FIRST_NAMES = (
    "Amara", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hannah", "Imran", "Jess",
    "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tom", "Uma",
    "Victor", "Wendy", "Yusuf", "Zara", "Aisha", "Callum", "Deepa", "Euan", "Fiona", "Gareth",
)  # fmt: skip
SURNAMES = (
    "Ahmed", "Brown", "Campbell", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts",
    "Singh", "Taylor", "Walker", "Williams", "Wilson", "Wright", "Young", "Okafor", "Murphy",
)  # fmt: skip
SPEED_SPREAD = 0.2  # standard deviation of the handle-time multiplier


@dataclass(frozen=True)
class StaffMember:
    name: str
    team: SkillGroup
    speed: float


def team_workload(team: SkillGroup) -> float:
    """The team's relative share of the work: contacts times handle time of its queues."""
    return sum(queue_spec(q).contact_share * queue_spec(q).handle_mean for q in team.staffed_for)


def team_sizes(agents: int) -> list[int]:
    """Agents per team, in proportion to its work, at least one each."""
    work = np.array([team_workload(team) for team in SKILL_GROUPS])
    sizes = np.maximum(np.round(work / work.sum() * agents), 1).astype(int)
    sizes[int(np.argmax(sizes))] += agents - int(sizes.sum())
    return [int(size) for size in sizes]


def agent_names(count: int, rng: np.random.Generator) -> list[str]:
    """Distinct made-up names; past the 810 pairs, numbered ones."""
    pairs = [f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES]
    picked = [pairs[i] for i in rng.permutation(len(pairs))[: min(count, len(pairs))]]
    return picked + [f"Agent {n:04d}" for n in range(len(picked) + 1, count + 1)]


def hire(agents: int, rng: np.random.Generator) -> list[StaffMember]:
    names = agent_names(agents, rng)
    sigma = float(np.sqrt(np.log1p(SPEED_SPREAD**2)))
    speeds = rng.lognormal(-(sigma**2) / 2, sigma, agents)  # mean 1
    teams = [
        team
        for team, size in zip(SKILL_GROUPS, team_sizes(agents), strict=True)
        for _ in range(size)
    ]
    return [
        StaffMember(name, team, round(float(speed), 3))
        for name, team, speed in zip(names, teams, speeds, strict=True)
    ]

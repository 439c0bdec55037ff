"""The dashboards: an agent's "My performance", the centre overview, the live view, and the
filtered interactions list every number on them drills down to."""

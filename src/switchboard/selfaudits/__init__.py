"""Self-audits: an agent's KPIs against targets, the team and the period before, with a reflection."""

"""People and organisation: sites, teams, users with roles, agents, queues and skills."""

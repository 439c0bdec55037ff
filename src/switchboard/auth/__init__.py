"""Sign-in: passwords, sessions, API tokens and account lockout."""

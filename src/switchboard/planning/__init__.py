"""Planning: staffing questions answered with the queueing models, from the command line."""

"""Quality assurance maths: scorecards, scoring, sampling and inter-rater agreement."""

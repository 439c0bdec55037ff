"""The quality pages: scorecard builder, evaluation form, my evaluations, calibration."""

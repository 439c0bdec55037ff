"""Calibration sessions: evaluators score the same contacts blind, and their agreement is measured."""

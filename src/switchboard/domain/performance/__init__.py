"""Personal and team effectiveness: self-audit, SMART goals and their progress, and the
before-and-after impact of an improvement. Pure: plain values in, frozen dataclasses out."""

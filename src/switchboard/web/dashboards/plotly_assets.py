"""plotly.js from the installed plotly package, and what it needs to run under a strict CSP.

The bundle injects ``<style>`` elements, which ``style-src 'self'`` refuses (a console error
each time). It skips each one when an element with that style's id is already in the page:
``plotly.js-style-global`` with class ``no-inline-styles`` for its own rules (the charts hide
the mode bar, the only thing those rules style), and a hashed id for the map library it
bundles. The hashed ids are read from the bundle itself, so a new plotly version keeps working.
"""

import re
from functools import cache
from pathlib import Path

import plotly  # type: ignore[import-untyped]

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_PATH = f"/assets/plotly-{plotly.__version__}.min.js"
"""Versioned, so a browser may keep it for a year and still never run a stale copy."""
PLOTLY_STYLE_ID = "plotly.js-style-global"
_GUARDED_STYLE = re.compile(
    r'getElementById\("([0-9a-f]{32,})"\)\)\{var \w+=document\.createElement\("style"\)'
)


@cache
def style_guard_ids() -> tuple[str, ...]:
    """Ids of the ``<style>`` elements the bundle adds at load unless one is present."""
    return tuple(dict.fromkeys(_GUARDED_STYLE.findall(PLOTLY_JS.read_text(encoding="utf-8"))))

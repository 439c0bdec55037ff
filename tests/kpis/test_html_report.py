"""The HTML KPI report: one self-contained page (settings, a red/amber/green table, Plotly charts)
that Chromium opens from a file with no network and draws without an error."""

import re
import shutil
import struct
from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, Route, sync_playwright
from plotly.offline import get_plotlyjs
from sqlalchemy import Engine, update

from switchboard.db.engine import make_engine, unit_of_work
from switchboard.domain.kpi import WAIT_EDGES, KpiSettings
from switchboard.ingest.queue_log import QueueLogAdapter
from switchboard.ingest.synthetic import write_queue_log
from switchboard.kit.intervals import BusinessHours, Interval
from switchboard.kpis import reads
from switchboard.kpis import targets as target_service
from switchboard.kpis.html import render_html
from switchboard.kpis.models import queue_quarters
from switchboard.kpis.service import ReportRequest, build_report
from switchboard.people.models import Agent, Queue
from tests.browser import chromium
from tests.ingest.helpers import run_ingest

TZ = "Europe/London"
DAY_START = 1_795_420_800.0  # 2026-11-23T08:00:00+00:00, a Monday in London (GMT)
CHARTS = ("chart-volume", "chart-aht", "chart-abandon")


def load_day(engine: Engine, folder: Path) -> Engine:
    """A synthetic working day of a 12-agent centre from an Asterisk queue_log, with two targets."""
    log = folder / "queue_log"
    write_queue_log(log, 3000, agents=12, start=DAY_START, call_gap_seconds=25.0)
    run_ingest(engine, QueueLogAdapter(timezone=TZ), log, timezone=TZ)
    with unit_of_work(engine) as session:
        target_service.set_target(session=session, kpi="service_level", green=0.8, amber=0.7)
        target_service.set_target(session=session, kpi="aht", green=200, amber=240)
    return engine


@pytest.fixture
def store(engine: Engine, tmp_path: Path) -> Engine:
    return load_day(engine, tmp_path)


@pytest.fixture
def sqlite_store(sqlite_template: Path, tmp_path: Path) -> Iterator[Engine]:
    """The same day on SQLite only: the browser test runs once, not once per backend."""
    path = tmp_path / "browser.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield load_day(engine, tmp_path)
    engine.dispose()


def render(engine: Engine, **request: Any) -> str:
    with unit_of_work(engine) as session:
        return render_html(
            session=session, request=ReportRequest(timezone=TZ, **request), settings=KpiSettings()
        )


class Parsed(HTMLParser):
    """What a test needs from the page: every URL attribute, element ids and the table's cells."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_table = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "action")]
        self.ids += [found["id"] or ""] if "id" in found else []
        if tag == "script":
            self.scripts.append(found)
        self._in_table = self._in_table or (tag == "table" and found.get("class") == "kpis")
        if self._in_table and tag == "tr":
            self.rows.append([])
        if self._in_table and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        self._in_table = self._in_table and tag != "table"

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def row(self, first: str) -> list[str]:
        return next(row[1:] for row in self.rows if row and row[0] == first)


def test_the_page_needs_no_network_and_inlines_plotly_from_the_installed_package(
    store: Engine,
) -> None:
    text = render(store, by=("queue",))
    page = Parsed(text)
    remote = [url for url in page.urls if re.match(r"\s*(https?:)?//", url)]
    assert remote == []
    assert all("src" not in script for script in page.scripts)
    assert text.count(get_plotlyjs()) == 1  # the bundle itself, once, not a CDN copy
    assert all(chart in page.ids for chart in CHARTS)
    assert text.count("Plotly.newPlot(") == len(CHARTS)


def test_it_prints_every_setting_the_report_used(store: Engine) -> None:
    text = render(store, by=("queue",))
    with unit_of_work(store) as session:
        used = build_report(
            session=session,
            request=ReportRequest(by=("queue",), timezone=TZ),
            settings=KpiSettings(),
        ).settings
    for key in used:
        assert f"<code>{key}</code>" in text
    assert "against" in text  # how abandons count in service level
    assert TZ in text
    assert "604800 s (7 days)" in text  # the FCR window, in words a manager reads


def test_the_table_shows_values_by_unit_with_red_amber_green_cells(store: Engine) -> None:
    text = render(store, by=("queue",))
    page = Parsed(text)
    queues = page.rows[0][1:]
    assert len(queues) >= 2
    assert queues[-1] == "Total"
    assert all(re.fullmatch(r"\d+\.\d%", cell) for cell in page.row("Service level"))
    assert all(re.fullmatch(r"\d+:\d\d", cell) for cell in page.row("Average handle time"))
    assert all(re.fullmatch(r"[\d,]+", cell) for cell in page.row("Offered"))
    assert set(page.row("Occupancy")) == {"—"}  # agent states cannot be split by queue
    assert re.search(r'<td class="rag-(green|amber|red)" title="\w+ against target">', text)


def test_it_escapes_names_from_the_data(store: Engine) -> None:
    """Queue names reach the table and agent names a chart's script: neither may become markup."""
    with unit_of_work(store) as session:
        session.execute(update(Queue).values(name=Queue.name + " <b>&</b>"))
        session.execute(update(Agent).values(display_name=Agent.display_name + "</script><i>"))
    text = render(store, by=("queue",))
    assert " &lt;b&gt;&amp;&lt;/b&gt;" in text
    assert " <b>&</b>" not in text
    assert "</script><i>" not in text
    assert text.count("</script>") == 1 + len(CHARTS)  # plotly.js, then one per chart


def test_the_volume_chart_picks_an_interval_that_fits_the_range(store: Engine) -> None:
    assert "per 30 minutes" in render(store, by=("queue",))  # one local day
    assert "per 15 minutes" in render(store, by=("interval",), interval=Interval.MIN15)  # as asked


def test_the_wait_curve_reads_the_same_from_aggregates_and_raw_rows(store: Engine) -> None:
    with unit_of_work(store) as session:
        report = build_report(session=session, request=ReportRequest(timezone=TZ),
                              settings=KpiSettings())  # fmt: skip
        start, end = (report.settings[k] for k in ("from", "to"))
        window = {"start": datetime.fromisoformat(start), "end": datetime.fromisoformat(end)}
        raw = _summed(reads.wait_curve(session, **window))
        stored = _summed(reads.wait_curve(session, table=queue_quarters, **window))
    assert raw == stored
    assert raw["offered"] == report.totals["offered"]
    abandoned = [raw[f"abandoned_within_{edge}"] for edge in WAIT_EDGES]
    assert abandoned == sorted(abandoned)  # cumulative
    assert 0 < abandoned[-1] <= report.totals["abandoned"] + report.totals["short_abandoned"]


def test_the_abandon_curve_keeps_to_business_hours(store: Engine) -> None:
    closed = BusinessHours.parse("sat-sun 09:00-17:00")  # the sample day is a Monday
    assert "Of 0 offered contacts" in render(store, business_hours=closed)
    assert "Of 0 offered contacts" not in render(store)


def test_chromium_draws_every_chart_without_errors(sqlite_store: Engine, tmp_path: Path) -> None:
    browser_path = chromium()
    report = tmp_path / "report.html"
    report.write_text(render(sqlite_store, by=("queue",)), encoding="utf-8")
    shot = tmp_path / "report.png"
    errors: list[str] = []
    remote: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_path))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.route("**/*", lambda route: _local_only(route, remote))
            page.goto(report.as_uri())
            _wait_for_charts(page)
            titles = _axis_titles(page)
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert remote == []
    assert titles["chart-volume"] == ["Interval start (Europe/London)", "Contacts", "Service level"]
    assert titles["chart-aht"] == ["Average handle time (seconds)", "Agent"]
    assert titles["chart-abandon"][1] == "Share of offered contacts abandoned"
    width, height = _png_size(shot)
    assert width == 1280
    assert height > 2000  # settings, table and three charts: the full page
    assert shot.stat().st_size > 100_000


def _local_only(route: Route, remote: list[str]) -> None:
    if route.request.url.startswith(("file:", "data:", "blob:")):
        route.continue_()
    else:
        remote.append(route.request.url)
        route.abort()


def _wait_for_charts(page: Page) -> None:
    drawn = """n => [...document.querySelectorAll('.js-plotly-plot')]
                    .filter(plot => plot.querySelector('.main-svg .cartesianlayer .subplot')).length === n"""
    assert page.locator(".plotly-graph-div").count() == len(CHARTS)
    page.wait_for_function(drawn, arg=len(CHARTS), timeout=20_000)


def _axis_titles(page: Page) -> dict[str, list[str]]:
    return {
        chart: [t.strip() for t in page.locator(f"#{chart} .g-xtitle, #{chart} .g-ytitle, "
                                                f"#{chart} .g-y2title").all_text_contents()]
        for chart in CHARTS
    }  # fmt: skip


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _summed(rows: list[dict[str, Any]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for row in rows:
        for name, value in row.items():
            if name != "period":
                total[name] = total.get(name, 0) + int(value)
    return total

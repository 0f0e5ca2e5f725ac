"""report.html in a real browser: headless Chromium (Debian's chromium and chromium-driver,
driven by python3-selenium) opens the file offline, logs no console error, fetches nothing, and
lays the charts out with a non-zero size; the page's accessibility hooks are in place and it
prints to PDF. Screenshots at 1280 and 400 px are left in INCOMESIM_ARTEFACTS (report-1280.png,
report-400.png) for people to look at.

Run by ctest (Html.OpensInChromium) with INCOMESIM_BINARY and INCOMESIM_ARTEFACTS set.
"""

import base64
import subprocess

import pytest
from selenium.webdriver.common.by import By

import page_checks
from conftest import BINARY


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    subprocess.run([BINARY, "run", "-n", "5000", "-q", "--html", "-o", str(out)], check=True,
                   timeout=300)
    return out / "report.html"


@pytest.mark.parametrize("width", [1280, 400])
def test_the_report_reads_at_any_width(browser, report, width):
    """Offline, no error, nothing fetched, no sideways scroll, every chart with alt text, no
    number or key split across lines; a screenshot at each width."""
    browser.set_window_size(width, 1000)
    try:
        page_checks.opens_cleanly(browser, report)
        assert browser.title.startswith("incomesim: alake-2020")
        page_checks.no_sideways_scroll(browser)
        assert len(page_checks.charts_have_alt_text(browser)) >= 5
        assert page_checks.split_tokens(browser) == []
        page_checks.screenshot(browser, f"report-{width}.png")
    finally:
        browser.set_window_size(1000, 1400)


@pytest.mark.parametrize("chart", ["fan-chart", "net-fan-chart", "fan-medium", "exceedance-chart",
                                   "risk-chart"])
def test_each_chart_is_laid_out_with_marks_and_alt_text(browser, report, chart):
    browser.get(report.as_uri())
    svg = browser.find_element(By.ID, chart)
    assert svg.size["width"] > 300 and svg.size["height"] > 150
    # The marks inside cover ground: bands and a line for the fan, a curve, bars (a chart drawn
    # from no data would have none, or only degenerate ones).
    marks = browser.execute_script(
        "return [...arguments[0].querySelectorAll('polygon, polyline, rect')]"
        ".map(e => { const b = e.getBBox(); return [b.width, b.height]; })", svg)
    assert marks and max(w * h for w, h in marks) > 5_000
    # Alt text: role img, labelled by a non-empty title and description.
    assert svg.get_attribute("role") == "img"
    for part in svg.get_attribute("aria-labelledby").split():
        assert browser.find_element(By.ID, part).get_attribute("textContent").strip()


def test_headings_tables_and_print(browser, report):
    browser.get(report.as_uri())
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    assert len(browser.find_elements(By.TAG_NAME, "h2")) >= 5
    tables = browser.find_elements(By.TAG_NAME, "table")
    assert len(tables) >= 4
    for table in tables:
        assert table.find_elements(By.CSS_SELECTOR, "thead th[scope=col]")
        assert table.find_element(By.TAG_NAME, "caption").text.strip()
    # Nothing wider than the window: no sideways scrolling on a 1000-pixel screen.
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")
    headline = browser.find_element(By.CSS_SELECTOR, "ul.headline").text
    # The bundled scenario has [tax]: the page leads after tax and says before tax too.
    assert "A 90% chance your income after tax over the 36 months is above GBP" in headline
    assert "Before tax: a 90% chance of more than GBP" in headline
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {})["data"])
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_readable_on_a_phone(browser, report):
    """At 400 px: charts take the width with text of 11 px or more, the page does not scroll
    sideways (wide tables scroll in their own box), and no number or key breaks inside."""
    browser.set_window_size(400, 900)
    try:
        browser.get(report.as_uri())
        page_checks.no_sideways_scroll(browser)
        assert len(page_checks.charts_have_alt_text(browser)) >= 5
        page_checks.chart_text_at_least(browser, 11)
        # Cells of numbers and keys never wrap inside a token.
        wrapping = browser.execute_script(
            "return [...document.querySelectorAll('td:not(.text)')]"
            ".filter(td => getComputedStyle(td).whiteSpace !== 'nowrap').length")
        assert wrapping == 0
    finally:
        browser.set_window_size(1000, 1400)

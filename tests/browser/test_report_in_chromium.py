"""report.html in a real browser: headless Chromium (Debian's chromium and chromium-driver,
driven by python3-selenium) opens the file offline, logs no console error, fetches nothing, and
lays the charts out with a non-zero size; the page's accessibility hooks are in place and it
prints to PDF. A screenshot is left in INCOMESIM_ARTEFACTS (report.png) for people to look at.

Run by ctest (Html.OpensInChromium) with INCOMESIM_BINARY and INCOMESIM_ARTEFACTS set.
"""

import base64
import os
import subprocess
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

BINARY = os.environ["INCOMESIM_BINARY"]
ARTEFACTS = Path(os.environ["INCOMESIM_ARTEFACTS"])


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1000,1400",
                     "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("results")
    subprocess.run([BINARY, "run", "-n", "5000", "-q", "--html", "-o", str(out)], check=True)
    return out / "report.html"


def test_the_report_opens_with_no_console_error_and_fetches_nothing(browser, report):
    browser.get(report.as_uri())
    assert browser.title.startswith("incomesim: alake-2020")
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    # Self-contained: no resource was requested, and no attribute points off the page.
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    external = browser.execute_script(
        "return [...document.querySelectorAll('[src],[href]')].map(e => "
        "e.getAttribute('src') || e.getAttribute('href'))")
    assert external == []
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTEFACTS / "report.png"))
    assert (ARTEFACTS / "report.png").stat().st_size > 10_000


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
        width = browser.execute_script("return window.innerWidth")
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= window.innerWidth")
        sizes = browser.execute_script(
            "return [...document.querySelectorAll('svg.chart')].map(svg => {"
            "  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
            "  const texts = [...svg.querySelectorAll('text')];"
            "  return [svg.id, svg.getBoundingClientRect().width,"
            "          Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale))];"
            "})")
        assert len(sizes) >= 5
        for chart, chart_width, smallest_text in sizes:
            assert chart_width >= min(0.85 * width, 360), chart
            assert smallest_text >= 10.9, (chart, smallest_text)
        # Cells of numbers and keys never wrap inside a token.
        wrapping = browser.execute_script(
            "return [...document.querySelectorAll('td:not(.text)')]"
            ".filter(td => getComputedStyle(td).whiteSpace !== 'nowrap').length")
        assert wrapping == 0
    finally:
        browser.set_window_size(1000, 1400)

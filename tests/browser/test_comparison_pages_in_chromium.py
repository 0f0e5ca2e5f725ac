"""The pages of compare, sweep, batch and optimise (--html) in headless Chromium at 1280 and 400 px: each
opens offline without an error, fetches nothing, does not scroll sideways, has the charts its
analysis drew with alt text, readable text on a phone, and no number or key split across lines.
Screenshots of each page at both widths are left in INCOMESIM_ARTEFACTS.

Run by ctest (Html.OpensInChromium) with INCOMESIM_BINARY and INCOMESIM_ARTEFACTS set.
"""

import subprocess
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

import page_checks
from conftest import BINARY

SOURCE = Path(__file__).resolve().parents[2]
RESEARCH = SOURCE / "docs" / "research"
EXAMPLES = SOURCE / "scenarios" / "examples"

# Each command, the page it writes and the charts that page must hold.
COMMANDS = {
    "comparison": (["compare", RESEARCH / "neither.toml", RESEARCH / "youtube-first.toml",
                    "-n", "4000"],
                   {"difference-chart", "fan-overlay", "exceedance-overlay"}),
    "sweep": (["sweep", EXAMPLES / "alake-2020.toml", "--set",
               "medium.articles_per_week=1,2,4", "-n", "2000"],
              {"sweep-chart", "fan-overlay", "exceedance-overlay"}),
    "batch": (["batch", RESEARCH, "-n", "2000"], {"fan-overlay", "exceedance-overlay"}),
    "optimise": (["optimise", EXAMPLES / "alake-2020.toml", "--decide",
                  "medium.articles_per_week=0:3:1", "--decide", "consulting.days_per_month=0:8:4",
                  "--max-side-hours", "20", "-n", "2000"], {"frontier-chart"}),
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("comparisons")
    written = {}
    for name, (arguments, _) in COMMANDS.items():
        subprocess.run([BINARY, *map(str, arguments), "-q", "--html", "-o", str(out / name)],
                       check=True, timeout=300)
        written[name] = out / name / f"{name}.html"
    return written


@pytest.mark.parametrize("width", [1280, 400])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_comparison_page_reads_at_any_width(browser, pages, name, width):
    browser.set_window_size(width, 1000)
    try:
        page_checks.opens_cleanly(browser, pages[name])
        assert browser.title.startswith("incomesim: ")
        page_checks.no_sideways_scroll(browser)
        charts = page_checks.charts_have_alt_text(browser)
        assert COMMANDS[name][1] <= set(charts), charts
        if width < 600:
            page_checks.chart_text_at_least(browser, 11)
        assert page_checks.split_tokens(browser) == []
        # Every table has a caption and column headings.
        for table in browser.find_elements(By.TAG_NAME, "table"):
            assert table.find_element(By.TAG_NAME, "caption").text.strip()
            assert table.find_elements(By.CSS_SELECTOR, "thead th[scope=col]")
        page_checks.screenshot(browser, f"{name}-{width}.png")
    finally:
        browser.set_window_size(1000, 1400)


def test_the_comparison_puts_the_plans_side_by_side_and_says_what_changes(browser, pages):
    browser.get(pages["comparison"].as_uri())
    plans = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".side-by-side h3")]
    assert plans == ["A: job-medium-consulting", "B: youtube-first"]
    # Side by side on a laptop: the two headlines start at the same height.
    tops = {h.location["y"] for h in browser.find_elements(By.CSS_SELECTOR, ".side-by-side h3")}
    assert len(tops) == 1
    changes = browser.find_element(By.CSS_SELECTOR, "ul.headline").text
    assert "B's income after tax over the 36 months is on average GBP" in changes
    assert "of the futures" in changes
    legend = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "ul.legend li")]
    assert legend == plans

"""Checks every incomesim page must pass in a browser, whatever it shows: it fetches nothing,
logs no error, does not scroll sideways, its charts are readable and labelled for screen
readers, and no number or key is split across two lines."""

from conftest import ARTEFACTS

# A number ("152,630", "23.6%", "0.72") or a key or file name ("medium.articles_per_week",
# "newsletter-first.toml"): a token that must be read whole. A word with only a hyphen
# ("full-time") may break at it, as prose does.
_TOKEN_PATTERN = r"\d[\d,.]*%?|[A-Za-z0-9][A-Za-z0-9-]*(?:[._][A-Za-z0-9-]+)+"


def opens_cleanly(browser, page):
    """Opens the page; no console error, no resource fetched, no attribute pointing off it."""
    browser.get(page.as_uri())
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    external = browser.execute_script(
        "return [...document.querySelectorAll('[src],[href]')].map(e => "
        "e.getAttribute('src') || e.getAttribute('href'))")
    assert external == []


def no_sideways_scroll(browser):
    assert browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")


def charts_have_alt_text(browser):
    """Every chart is an image labelled by a non-empty title and description; returns their
    ids."""
    charts = browser.execute_script(
        "return [...document.querySelectorAll('svg.chart')].map(svg => [svg.id,"
        "  svg.getAttribute('role'),"
        "  svg.getAttribute('aria-labelledby').split(' ').map(id =>"
        "    (document.getElementById(id) || {textContent: ''}).textContent.trim())])")
    for chart, role, labels in charts:
        assert role == "img", chart
        assert len(labels) == 2 and all(labels), chart
    return [chart for chart, _, _ in charts]


def chart_text_at_least(browser, pixels):
    """Every chart takes the width of a narrow window and its smallest text, as drawn, is at
    least `pixels` CSS pixels."""
    width = browser.execute_script("return window.innerWidth")
    sizes = browser.execute_script(
        "return [...document.querySelectorAll('svg.chart')].map(svg => {"
        "  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
        "  const texts = [...svg.querySelectorAll('text')];"
        "  return [svg.id, svg.getBoundingClientRect().width,"
        "          Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize) * scale))];"
        "})")
    assert sizes
    for chart, chart_width, smallest_text in sizes:
        assert chart_width >= min(0.85 * width, 360), chart
        assert smallest_text >= pixels - 0.1, (chart, smallest_text)


def split_tokens(browser):
    """The numbers and keys of the page's text (outside the charts) whose letters lie on more
    than one line, measured by the client rectangles of each token's range."""
    return browser.execute_script(
        "const pattern = new RegExp(arguments[0], 'g');"
        "const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);"
        "const split = [];"
        "for (let node = walker.nextNode(); node; node = walker.nextNode()) {"
        "  if (node.parentElement.closest('svg')) continue;"
        "  for (const match of node.textContent.matchAll(pattern)) {"
        "    const range = document.createRange();"
        "    range.setStart(node, match.index);"
        "    range.setEnd(node, match.index + match[0].length);"
        "    const tops = new Set([...range.getClientRects()]"
        "        .filter(r => r.width > 0).map(r => Math.round(r.top)));"
        "    if (tops.size > 1) split.push(match[0]);"
        "  }"
        "}"
        "return split;", _TOKEN_PATTERN)


def screenshot(browser, name):
    """The whole page as a PNG in the artefacts directory, for people to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    height = browser.execute_script("return document.documentElement.scrollHeight")
    width = browser.execute_script("return window.outerWidth")
    browser.set_window_size(width, min(height + 200, 12000))
    path = ARTEFACTS / name
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000

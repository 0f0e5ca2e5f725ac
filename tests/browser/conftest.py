"""What every browser test shares: one headless Chromium (Debian's chromium and chromium-driver,
driven by python3-selenium) for the module, and where screenshots are kept."""

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

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

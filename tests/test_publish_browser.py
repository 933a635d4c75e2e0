"""The web edition in a real browser: search in Swedish, a filter, the download, browsing without JavaScript, axe-core.

Runs Debian's headless chromium through chromedriver (``.ci/run`` installs both) against a
static server on 127.0.0.1; axe-core comes from npm (installed into ``.ci/node``).
"""

from __future__ import annotations

import json
import urllib.request

import pytest

from corpora.browser import axe_script, browser_available, chromium, run_axe, serve
from kbank.cli import app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

FINAL = "2013/3.2-614-2013 Kunskapsbank/slutrapport.pdf"


@pytest.fixture
def site(runner, indexed_small_archive, tmp_path):
    missing = browser_available()
    if missing:
        pytest.skip(missing)
    result = runner.invoke(app, ["publish", "site", "--audience", "intern", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["reports"] == 3
    return tmp_path / "site"


def wait_for(driver, condition, timeout=20):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # the search page redraws its hit list as results arrive: an element read mid-redraw is stale
    wait = WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException,))
    return wait.until(lambda d: condition(d))


def results(driver) -> list[str]:
    """The hits' titles as shown, read in one step (a redraw between two reads cannot split it)."""
    script = "return Array.from(document.querySelectorAll('#traffar h2 a'), a => a.innerText.trim())"
    return driver.execute_script(script)


def search_for(driver, query: str) -> list[str]:
    box = driver.find_element("id", "q")
    box.clear()
    box.send_keys(query)
    box.submit()
    wait_for(driver, lambda d: query in d.find_element("id", "status").text)
    return results(driver)


def serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n.get('target') for n in v.get('nodes', [])][:3]}"
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


def test_a_reader_searches_filters_downloads_and_axe_finds_no_serious_violation(site, indexed_small_archive):
    axe = axe_script()
    assert axe is not None, "axe-core could not be installed from npm (npm install axe-core)"
    checked: dict[str, list[str]] = {}
    with serve(site) as url, chromium() as driver:
        driver.get(url)
        checked["start"] = serious(run_axe(driver, axe))
        # the start page's search box leads to the search page
        driver.find_element("id", "q").send_keys("hemloshet")
        driver.find_element("css selector", "form.search button").click()
        wait_for(driver, lambda d: "/sok/" in d.current_url and results(d))
        assert any("Bostad först" in t or "projektplan" in t.lower() for t in results(driver)), results(
            driver
        )
        checked["search results"] = serious(run_axe(driver, axe))
        # inflections, compounds and å/ä/ö-less spelling
        assert any("Kunskapsbank" in t for t in search_for(driver, "utvärderingarna"))
        assert any("Kunskapsbank" in t for t in search_for(driver, "familjehem"))
        assert any("Trygg hemgång" in t for t in search_for(driver, "aldreomsorgen"))
        # a filter narrows the hits and is kept in the address
        everything = search_for(driver, "stöd")
        assert len(everything) >= 2
        box = driver.find_element("css selector", "#filter input[name='typ'][value='delrapport']")
        box.click()
        wait_for(driver, lambda d: "typ=delrapport" in d.current_url and len(results(d)) == 1)
        assert "Trygg hemgång" in results(driver)[0]
        # unticking it brings the rest back; newest first puts the 2016 report on top, oldest first the 2014 plan
        driver.find_element("css selector", "#filter input[name='typ'][value='delrapport']").click()
        wait_for(driver, lambda d: len(results(d)) == len(everything))
        from selenium.webdriver.support.ui import Select

        Select(driver.find_element("id", "sortering")).select_by_value("desc")
        wait_for(driver, lambda d: "ordning=desc" in d.current_url and "Trygg hemgång" in results(d)[0])
        Select(driver.find_element("id", "sortering")).select_by_value("asc")
        wait_for(driver, lambda d: "ordning=asc" in d.current_url and "Bostad först" in results(d)[0])
        # the report page and its download
        search_for(driver, "kunskapsbanken")
        driver.find_element("css selector", "#traffar h2 a").click()
        wait_for(driver, lambda d: "/rapport/" in d.current_url)
        assert "Kunskapsbank" in driver.find_element("tag name", "h1").text
        checked["report"] = serious(run_axe(driver, axe))
        href = driver.find_element("css selector", "a.download").get_attribute("href")
        with urllib.request.urlopen(href, timeout=10) as response:
            assert response.status == 200
            assert response.read() == (indexed_small_archive / FINAL).read_bytes()
        driver.find_element("partial link text", "Hela ärendet").click()
        wait_for(driver, lambda d: "/arende/" in d.current_url)
        checked["case"] = serious(run_axe(driver, axe))
        driver.get(url + "omrade/")
        checked["browse"] = serious(run_axe(driver, axe))
        driver.find_element("css selector", "main ul.counts a").click()
        wait_for(driver, lambda d: d.current_url.count("/") > url.count("/") + 1)
        checked["browse value"] = serious(run_axe(driver, axe))
        driver.find_element("css selector", "p.overview-link a").click()
        wait_for(driver, lambda d: "/kunskapslage/" in d.current_url)
        assert driver.find_element("tag name", "h1").text.startswith("Vad vet vi om ")
        checked["overview"] = serious(run_axe(driver, axe))
        driver.get(url + "kunskapslage/")
        checked["overview index"] = serious(run_axe(driver, axe))
    assert checked == {page: [] for page in checked}


def test_a_reader_without_javascript_browses_to_a_report(site):
    with serve(site) as url, chromium(javascript=False) as driver:
        driver.get(url)
        driver.find_element("link text", "Dokumenttyper").click()
        driver.find_element("partial link text", "Slutrapport").click()
        assert driver.find_element("tag name", "h1").text == "Slutrapport"
        driver.find_element("css selector", "main ul.reports a").click()
        assert "Kunskapsbank" in driver.find_element("tag name", "h1").text
        assert driver.find_element("css selector", "a.download").is_displayed()
        driver.get(url + "sok/")
        assert "bläddra" in driver.find_element("tag name", "main").text

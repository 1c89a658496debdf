#!/usr/bin/env python3
"""Loads a running node's status page in headless Chromium (Selenium + chromedriver from Debian), checks its
elements, and saves a full-page screenshot.

Usage: check_status_page.py URL SCREENSHOT.png --requests N [--hostile-fragment TEXT]
Prints one JSON object: {"ok": bool, "failures": [...], "facts": {...}}; exit status 0 only when ok.
"""
import argparse
import json
import shutil
import sys

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("screenshot")
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--hostile-fragment", default="")
    args = parser.parse_args()

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    failures, facts = [], {}

    def check(condition, message):
        if not condition:
            failures.append(message)

    try:
        driver.set_page_load_timeout(60)
        driver.get(args.url)
        check("qsp-audit-node" in driver.title, f"title is {driver.title!r}")
        check(driver.find_element(By.TAG_NAME, "h1").text == "qsp-audit-node", "no h1")
        for element_id in ("head-block", "lag", "stake", "price", "floor", "balance", "gas-spent", "findings-total",
                           "requests-total", "summary", "account", "contract", "chain-id"):
            elements = driver.find_elements(By.ID, element_id)
            check(len(elements) == 1, f"#{element_id} missing")
            if elements:
                facts[element_id] = elements[0].text
                check(elements[0].text.strip() not in ("", "–"), f"#{element_id} is empty: {elements[0].text!r}")
        check(facts.get("head-block", "").isdigit(), f"head block is not a number: {facts.get('head-block')!r}")
        check("QSP" in facts.get("stake", "") and "QSP" in facts.get("price", ""), "stake/price without units")
        check("ETH" in facts.get("gas-spent", ""), "gas spent without unit")

        # Charts: inline SVG, rendered with a real size, with data in them.
        for chart_id in ("chart-audits", "chart-queue"):
            charts = driver.find_elements(By.CSS_SELECTOR, f"svg#{chart_id}")
            check(len(charts) == 1, f"svg#{chart_id} missing")
            if charts:
                size = charts[0].size
                facts[chart_id + "-size"] = size
                check(size["width"] > 300 and size["height"] > 80, f"svg#{chart_id} renders at {size}")
        bars = driver.find_elements(By.CSS_SELECTOR, "svg#chart-audits rect.bar")
        facts["bars"] = len(bars)
        check(len(bars) >= 1, "the audits-per-hour chart has no bar")
        check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-queue path.line")) == 1, "the queue chart has no line")

        # The requests table.
        rows = driver.find_elements(By.CSS_SELECTOR, "#requests tr.request")
        facts["rows"] = len(rows)
        check(len(rows) == args.requests, f"{len(rows)} request rows, expected {args.requests}")
        done = [r for r in rows if r.get_attribute("data-status") == "DN"]
        facts["done_rows"] = len(done)
        check(len(done) >= 1, "no DN row")
        links = []
        for row in done:
            json_links = row.find_elements(By.CSS_SELECTOR, "a.report-json")
            sarif_links = row.find_elements(By.CSS_SELECTOR, "a.report-sarif")
            tx_links = row.find_elements(By.CSS_SELECTOR, "a.tx")
            check(len(json_links) == 1 and len(sarif_links) == 1, "a DN row without JSON/SARIF links")
            check(len(tx_links) == 1, "a DN row without a transaction link")
            check(row.find_element(By.CSS_SELECTOR, "td.findings").text.isdigit(), "a DN row without a findings count")
            if json_links and sarif_links and tx_links:
                links.append({"json": json_links[0].get_attribute("href"), "sarif": sarif_links[0].get_attribute("href"),
                              "tx": tx_links[0].get_attribute("href")})
        facts["links"] = links

        # Escaping: the hostile URI shows as text; nothing it carries became markup or ran.
        if args.hostile_fragment:
            uris = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#requests td.uri")]
            check(any(args.hostile_fragment in text for text in uris), f"the hostile URI is not shown as text: {uris}")
            check(len(driver.find_elements(By.CSS_SELECTOR, "#requests img, #requests script, #requests b")) == 0,
                  "markup from a URI became an element")
        check(driver.execute_script("return document.scripts.length") == 0, "the page has script elements")
        check(driver.execute_script("return window.__pwned === undefined"), "injected code ran")
        try:
            driver.switch_to.alert
            failures.append("an alert was opened")
        except NoAlertPresentException:
            pass
        external = driver.execute_script(
            "return Array.from(document.querySelectorAll('[src],link[href]')).map(e => e.getAttribute('src') || e.getAttribute('href'))")
        check(not external, f"external resources: {external}")

        # A full-page screenshot (the page is taller than the window).
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, max(1000, min(int(height) + 40, 4000)))
        check(driver.save_screenshot(args.screenshot), "screenshot failed")
    finally:
        driver.quit()
    print(json.dumps({"ok": not failures, "failures": failures, "facts": facts}))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

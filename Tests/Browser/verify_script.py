"""Drives the in-browser verifier (Sources/Server/Portal/VerifyScript.swift) over fixture pages.

Usage: python3 verify_script.py FIXTURE_DIR
FIXTURE_DIR holds portal/assets/verify.js, cases/<name>/index.html with their data, and cases.json:
[{"name": ..., "click": "each" | "all", "runs": n, "axe": bool, "screenshot": bool}]. Each page is served on
127.0.0.1 under the portal's Content-Security-Policy; its verify controls are clicked and the verdicts read
back. Prints one JSON object: {"cases": {name: {"rows": {seq: {"verdict", "text"}}, "elapsed_ms": [..],
"axe_serious": [..]}}, "browser": version}. The caller judges the verdicts.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROWS = """return Array.from(document.querySelectorAll('output[data-verify-for]'),
  o => [o.dataset.verifyFor, o.dataset.verdict || '', o.textContent]);"""


def settled(driver):
    rows = driver.execute_script(ROWS)
    return rows if rows and all(verdict in ("ok", "bad") for _, verdict, _ in rows) else None


def run_case(browser, base, case, root):
    driver = browser.driver
    driver.get(f"{base}/cases/{case['name']}/index.html")
    WebDriverWait(driver, 20, poll_frequency=0.05).until(lambda d: d.execute_script("return document.readyState") == "complete")
    result = {"elapsed_ms": []}
    if case.get("axe"):
        result["axe_serious"] = harness.describe(browser.axe_serious())
    for _ in range(case.get("runs", 1)):
        if case.get("click") == "all":
            button = driver.find_element(By.ID, "verify-all")
            driver.execute_script("arguments[0].removeAttribute('data-state')", button)
            button.click()
            WebDriverWait(driver, 60, poll_frequency=0.05).until(lambda d: button.get_attribute("data-state") == "done")
            result["elapsed_ms"].append(float(button.get_attribute("data-elapsed-ms")))
        else:
            for button in driver.find_elements(By.CSS_SELECTOR, "button.verify"):
                button.click()
        rows = WebDriverWait(driver, 60, poll_frequency=0.05).until(settled)
    result["rows"] = {seq: {"verdict": verdict, "text": text} for seq, verdict, text in rows}
    status = driver.find_elements(By.ID, "verify-all-status")
    result["status"] = status[0].text if status else ""
    if case.get("screenshot"):
        browser.screenshot(os.path.join(root, f"{case['name']}.png"))
    return result


def main():
    root = os.path.abspath(sys.argv[1])
    why = harness.missing()
    if why:
        print(json.dumps({"missing": why}))
        return 3
    with open(os.path.join(root, "cases.json"), encoding="utf-8") as handle:
        cases = json.load(handle)
    out = {"cases": {}}
    with harness.serve_directory(root) as base, harness.Browser(width=1000, height=800) as browser:
        out["browser"] = browser.driver.capabilities.get("browserVersion", "")
        for case in cases:
            out["cases"][case["name"]] = run_case(browser, base, case, root)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Browser test harness: headless Chromium driven by Selenium, with Debian's chromedriver.

Shared by the project's browser tests (the in-browser verifier's, the portal's):

    from harness import Browser, serve_directory
    with serve_directory(root, csp=PORTAL_CSP) as base, Browser() as browser:
        browser.driver.get(base + "/page.html")
        browser.screenshot("/tmp/page.png")
        serious = browser.axe_serious()

Nothing here reaches the network: Selenium is pointed at Debian's chromedriver (no driver manager)
with SE_AVOID_STATS=true, and pages are served on 127.0.0.1, a secure context where WebCrypto exists.
"""

import contextlib
import functools
import glob
import http.server
import os
import shutil
import threading

os.environ.setdefault("SE_AVOID_STATS", "true")

from selenium import webdriver  # noqa: E402  (after SE_AVOID_STATS)
from selenium.webdriver.chrome.service import Service  # noqa: E402

# The Content-Security-Policy of the portal's pages (the contract between the pages and verify.js).
PORTAL_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
              "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def chromium_binary():
    """Debian's Chromium, or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromedriver_binary():
    """Debian's chromedriver (package chromium-driver), or None."""
    for path in ("/usr/bin/chromedriver", shutil.which("chromedriver")):
        if path and os.access(path, os.X_OK):
            return path
    return None


def missing():
    """Why the browser tests cannot run here, or None when they can."""
    if not chromium_binary():
        return "chromium is not installed (sh scripts/ensure-browser-deps.sh)"
    if not chromedriver_binary():
        return "chromedriver is not installed (Debian package chromium-driver; sh scripts/ensure-browser-deps.sh)"
    if not axe_source_path():
        return "axe-core is not installed (PyPI axe-selenium-python; sh scripts/ensure-browser-deps.sh)"
    return None


class Browser:
    """One headless Chromium for a whole suite: start it once, load many pages."""

    def __init__(self, width=1280, height=900):
        options = webdriver.ChromeOptions()
        options.binary_location = chromium_binary()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--metrics-recording-only", "--password-store=basic", f"--window-size={width},{height}"):
            options.add_argument(argument)
        self.driver = webdriver.Chrome(service=Service(executable_path=chromedriver_binary()), options=options)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(30)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        with contextlib.suppress(Exception):
            self.driver.quit()

    def screenshot(self, path, full_page=True):
        """Writes a PNG of the page; with full_page, the window is stretched to the page's height first."""
        if full_page:
            size = self.driver.get_window_size()
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(size["width"], max(size["height"], min(int(height), 10000)))
            try:
                self.driver.save_screenshot(path)
            finally:
                self.driver.set_window_size(size["width"], size["height"])
        else:
            self.driver.save_screenshot(path)
        return path

    def axe(self, context=None):
        """Runs axe-core on the page; returns its violations (each with id, impact, help, nodes)."""
        return axe(self.driver, context)

    def axe_serious(self, context=None):
        """The violations of impact serious or critical."""
        return [v for v in self.axe(context) if v.get("impact") in ("serious", "critical")]


def axe_source_path():
    """axe.min.js as the PyPI package axe-selenium-python bundles it, or None."""
    try:
        import axe_selenium_python
    except ImportError:
        return None
    found = glob.glob(os.path.join(os.path.dirname(axe_selenium_python.__file__), "**", "axe.min.js"), recursive=True)
    return found[0] if found else None


@functools.lru_cache(maxsize=1)
def axe_source():
    with open(axe_source_path(), encoding="utf-8") as handle:
        return handle.read()


def axe(driver, context=None):
    """Injects axe-core through WebDriver (not subject to the page's CSP) and returns its violations."""
    driver.execute_script(axe_source())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(arguments[0] || document, {resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations}), e => done({error: String(e)}));",
        context)
    if "error" in result:
        raise RuntimeError("axe-core failed: " + result["error"])
    return result["violations"]


def describe(violations):
    """One line per violation, for assertion messages."""
    return "\n".join(f"{v.get('impact')}: {v.get('id')}: {v.get('help')} at {[n.get('target') for n in v.get('nodes', [])[:3]]}"
                     for v in violations)


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the portal's own server answers
    disable_nagle_algorithm = True  # headers and body go in separate writes: no 40 ms delayed-ACK stall
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript; charset=utf-8", ".json": "application/json",
                      ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}
    csp = None

    def end_headers(self):
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_directory(root, csp=PORTAL_CSP):
    """Serves `root` on 127.0.0.1 (a free port) with `csp` on every answer; yields the base URL."""
    handler = functools.partial(type("Handler", (_Handler,), {"csp": csp}), directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()

"""Fixtures for the journeys: the built `trellis` binary on a free port, and Debian's Chromium."""

import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def trellis_binary() -> str:
    binary = os.environ.get("TRELLIS_BIN", str(ROOT / ".build" / "debug" / "trellis"))
    if not Path(binary).is_file():
        pytest.exit(f"no trellis binary at {binary}: build first (scripts/test does)", returncode=2)
    return binary


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"trellis exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("trellis did not answer /healthz in time")


class RunningTrellis:
    """A `trellis serve` process; stopped with SIGTERM, which must end it cleanly."""

    def __init__(self, database_url: str, extra_env: dict | None = None, args: list | None = None):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="trellis-e2e-", suffix=".log", delete=False)
        env = dict(os.environ, **(extra_env or {}))
        self.process = subprocess.Popen(
            [trellis_binary(), "serve", "--port", str(self.port), "--database", database_url, *(args or [])],
            stdout=subprocess.PIPE, stderr=self.log, env=env, text=True,
        )
        wait_until_up(self.base_url, self.process)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)

    def log_lines(self) -> list[str]:
        return Path(self.log.name).read_text().splitlines()


DEMO_PASSWORD = "trellis-demo"


@pytest.fixture(scope="session")
def trellis(tmp_path_factory):
    """Trellis with the demo organization loaded, as a new user gets it from scripts/run."""
    database = tmp_path_factory.mktemp("db") / "e2e.db"
    loaded = subprocess.run([trellis_binary(), "demo", "--database", f"sqlite:{database}"],
                            capture_output=True, text=True, timeout=60)
    assert loaded.returncode == 0, loaded.stderr
    server = RunningTrellis(f"sqlite:{database}")
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="session")
def browser():
    home = tempfile.mkdtemp(prefix="trellis-chromium-home-")
    os.environ["HOME"] = home
    executable = os.environ.get("TRELLIS_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.problems = problems
    yield page
    context.close()


def sign_in(page, base_url: str, email: str, password: str = DEMO_PASSWORD):
    page.goto(base_url + "/sign-in")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def open_from_more(page, name: str):
    """Follows a link of the main navigation that sits under "More" on a wide screen."""
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_text("More", exact=True).click()
    navigation.get_by_role("link", name=name).click()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

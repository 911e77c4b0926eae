"""Real browser tests: Playwright driving Debian's Chromium, against the live test server.

They run in a pytest process of their own (`make test` runs `pytest -m browser` after the other tests), with
DJANGO_ALLOW_ASYNC_UNSAFE=true set for that process alone: sync Playwright keeps an asyncio loop running in
the test thread, and Django refuses ORM calls from a thread with a running loop. In a process shared with the
other tests that setting would reach the subprocesses they start (`check --deploy`), and the loop left behind
would make later transactional tests read the wrong connections.
"""

import pytest

from tests.conftest import CHROMIUM

# Headless, and quiet: without the background-networking family of flags Chromium keeps calling home.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}

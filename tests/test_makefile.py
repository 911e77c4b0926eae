"""The Makefile's `make run`: the links the site sends (emails, certificates drawn outside a request) point at the
host and port it actually serves."""

import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make_run(tmp_path: Path, *variables: str) -> list[str]:
    """What `make run` would run, through a stand-in python that prints its arguments and the base URL it got."""
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    python = venv_bin / "python"
    python.write_text('#!/bin/sh\necho "$* -> $WAGTAILADMIN_BASE_URL"\n')
    python.chmod(0o755)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-s", "-o", "install", "run", f"VENV={tmp_path / 'venv'}", *variables],  # noqa: S607
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if "->" in line]


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    commands = make_run(tmp_path, "PORT=8101")

    assert commands == [
        "manage.py migrate --noinput -> http://127.0.0.1:8101",
        "manage.py seed_demo -> http://127.0.0.1:8101",
        "manage.py runserver 127.0.0.1:8101 -> http://127.0.0.1:8101",
    ]


def test_make_run_can_link_to_the_name_the_site_is_reached_by(tmp_path):
    commands = make_run(tmp_path, "PORT=8101", "BASE_URL=http://localhost:8101")

    assert commands[-1] == "manage.py runserver 127.0.0.1:8101 -> http://localhost:8101"

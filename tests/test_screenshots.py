"""The README's pictures (docs/screenshots/, taken by `make screenshots`): every one it shows is there, says what it
shows, and stays small; the target exists and is no part of `make test`."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[1]
SCREENSHOTS = BASE_DIR / "docs" / "screenshots"
IMAGE = re.compile(r'<img src="(?P<src>docs/screenshots/[^"]+)"[^>]*?alt="(?P<alt>[^"]*)"')


def readme_images() -> dict[str, str]:
    """The README's pictures from docs/screenshots/: their path, and their alt text."""
    readme = (BASE_DIR / "README.md").read_text(encoding="utf-8")
    return {match["src"]: match["alt"] for match in IMAGE.finditer(readme)}


def makefile_rule(target: str) -> str:
    """The rule's prerequisites line and its recipe, as written in the Makefile."""
    makefile = (BASE_DIR / "Makefile").read_text(encoding="utf-8")
    match = re.search(rf"^{target}:.*\n(?:\t.*\n)*", makefile, flags=re.MULTILINE)
    assert match, f"no `{target}` rule in the Makefile"
    return match.group(0)


def test_the_readme_shows_pictures_of_phone_and_desktop_pages():
    images = readme_images()

    assert len(images) >= 8
    assert any(src.endswith("-phone.png") for src in images)
    assert any(src.endswith("-desktop.png") for src in images)


@pytest.mark.parametrize("src", sorted(readme_images()))
def test_each_picture_the_readme_shows_is_there_says_what_it_shows_and_is_small(src):
    path = BASE_DIR / src

    assert path.is_file(), f"{src} is missing: make screenshots"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size < 150_000
    assert len(readme_images()[src].split()) >= 5, f"{src}: the alt text should say what the picture shows"


def test_every_picture_in_docs_screenshots_is_shown_in_the_readme():
    shown = {BASE_DIR / src for src in readme_images()}

    assert set(SCREENSHOTS.glob("*.png")) == shown


def test_make_screenshots_installs_first_and_is_not_part_of_make_test():
    rule = makefile_rule("screenshots")
    phony = re.search(r"^\.PHONY:(.*)$", (BASE_DIR / "Makefile").read_text(encoding="utf-8"), flags=re.MULTILINE)

    assert "install" in rule.splitlines()[0].split(":", 1)[1].split()
    assert "docs/screenshots.py" in rule
    assert "screenshots" in phony.group(1).split()
    assert "screenshots" not in makefile_rule("test")


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_screenshots_runs_the_script():
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "--no-print-directory", "-n", "-o", "install", "-o", "install-chromium", "screenshots"],  # noqa: S607
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60, check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [".venv/bin/python", "docs/screenshots.py"]

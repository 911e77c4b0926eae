"""Reading the demo's sources in `curriculum/` (pure: no database): Markdown with front matter, YAML, and the
callout fences the body blocks understand. The format is described in `curriculum/README.md`."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml
from wagtail.rich_text import RichText

from content.markdown import render_markdown

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
LANGUAGES = ("uk", "en")
CALLOUT = re.compile(r"^::: *(tip|note|warning) *(.*?)\n(.*?)^:::[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Document:
    """One Markdown file: its front matter and body."""

    meta: dict
    body: str


@dataclass
class CourseSource:
    """One course folder: the course page and its modules, each in both languages."""

    slug: str
    course: dict[str, Document]  # language → course.<lang>.md
    modules: list[dict[str, Document]] = field(default_factory=list)  # in file-name order


def read_document(path: Path) -> Document:
    post = frontmatter.load(path)
    return Document(meta=dict(post.metadata), body=post.content)


def read_yaml(name: str, directory: Path = CURRICULUM_DIR):
    """A YAML file of the curriculum, e.g. `site.yml` (the site's words) or `topics.yml`."""
    return yaml.safe_load((directory / name).read_text(encoding="utf-8"))


def read_courses(directory: Path = CURRICULUM_DIR) -> list[CourseSource]:
    courses = []
    for folder in sorted(p for p in directory.iterdir() if (p / "course.uk.md").exists()):
        source = CourseSource(slug=folder.name, course={lang: read_document(folder / f"course.{lang}.md")
                                                        for lang in LANGUAGES})
        stems = sorted({p.name.split(".")[0] for p in folder.glob("[0-9]*.uk.md")})
        source.modules = [{lang: read_document(folder / f"{stem}.{lang}.md") for lang in LANGUAGES} for stem in stems]
        courses.append(source)
    return courses


def read_news(directory: Path = CURRICULUM_DIR / "news") -> list[dict[str, Document]]:
    stems = sorted({p.name.split(".")[0] for p in directory.glob("*.uk.md")})
    return [{lang: read_document(directory / f"{stem}.{lang}.md") for lang in LANGUAGES} for stem in stems]


def markdown_to_stream(text: str) -> list[tuple[str, object]]:
    """Markdown with `::: tip Title` fences → body blocks: Markdown chunks and callouts."""
    blocks: list[tuple[str, object]] = []
    position = 0
    for match in CALLOUT.finditer(text):
        before = text[position:match.start()].strip()
        if before:
            blocks.append(("markdown", before))
        kind, title, inner = match.groups()
        blocks.append(("callout", {"kind": kind, "title": title.strip(),
                                   "text": RichText(str(render_markdown(inner.strip())))}))
        position = match.end()
    rest = text[position:].strip()
    if rest:
        blocks.append(("markdown", rest))
    return blocks


def first_paragraph(markdown_text: str, limit: int = 300) -> str:
    """The first plain paragraph of a Markdown text, as a one-line summary."""
    for block in markdown_text.split("\n\n"):
        block = " ".join(block.split())
        if block and not block.startswith(("#", ":::", "|", "-", "*", ">", "1.")):
            return block if len(block) <= limit else block[:limit].rsplit(" ", 1)[0] + "…"
    return ""


def paragraph(text: str) -> RichText:
    """A short text of the sources (an intro, a mission) as one rich-text paragraph."""
    return RichText(f"<p>{text.strip()}</p>")

"""The results as a Markdown table, and the dated section of docs/performance.md that records them."""

import re
from dataclasses import dataclass
from pathlib import Path

from bench.wrk import Summary

DOCS = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


@dataclass(frozen=True)
class Row:
    """One page at one data size (or one reference server): what wrk measured and the SQL it costs."""

    page: str
    size: str  # "demo", "large" or "reference"
    summary: Summary | None
    queries: int | None = None
    first_queries: int | None = None  # the first request, before any cache was warm


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _queries(row: Row) -> str:
    if row.queries is None:
        return "—"
    if row.first_queries is not None and row.first_queries != row.queries:
        return f"{row.queries} (first {row.first_queries})"
    return str(row.queries)


def markdown(rows: list[Row]) -> str:
    lines = ["| page | data | req/s | p50 ms | p95 ms | p99 ms | queries | failed |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        s = row.summary
        if s is None:
            lines.append(f"| {row.page} | {row.size} | — | — | — | — | {_queries(row)} | not run |")
            continue
        failed = f"{s.failed:,} of {s.requests:,}" if s.failed else "0"
        lines.append(f"| {row.page} | {row.size} | {_number(s.rps)} | {s.p50:.1f} | {s.p95:.1f} | {s.p99:.1f} "
                     f"| {_queries(row)} | {failed} |")
    return "\n".join(lines)


def section(*, title: str, facts: list[str], table: str, notes: list[str]) -> str:
    return "\n".join([f"## {title}", "", *[f"- {fact}" for fact in facts], "", table, "", *notes, ""])


def insert_section(text: str, new_section: str) -> str:
    """The document with `new_section` first among the sections, after the introduction."""
    match = re.search(r"^## ", text, flags=re.MULTILINE)
    if match is None:
        return text.rstrip("\n") + "\n\n" + new_section
    return text[:match.start()] + new_section + "\n" + text[match.start():]


def write_section(new_section: str, path: Path = DOCS) -> None:
    path.write_text(insert_section(path.read_text(encoding="utf-8"), new_section), encoding="utf-8")

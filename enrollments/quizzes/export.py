"""CSV exports of quiz results: one row per counted attempt, and a session's knowledge gain.

Files open cleanly in Excel (UTF-8 with a byte-order mark, so Cyrillic survives) and in anything
else. Text that came from people (names, organisations) is defused against formula injection:
a cell starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a
spreadsheet shows it as text instead of running it. Numbers we compute are written as numbers,
with a decimal point.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollments.quizzes.reports import GainReport, QuizReport

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_text(value: str) -> str:
    """Text as a spreadsheet should show it, never as a formula."""
    value = str(value or "")
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def number(value: Decimal | int | None) -> str:
    """4.00 → "4", 72.50 → "72.5"; empty for no value."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}"


def moment(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence[str]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow([safe_text(cell) for cell in header])
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def filename(*parts: str) -> str:
    """e.g. session-12-knowledge-gain-2025-06-01.csv, dated the day of the export."""
    return "-".join([*parts, timezone.localdate().isoformat()]) + ".csv"


def quiz_rows(report: QuizReport) -> tuple[list[str], list[list[str]]]:
    """Header and rows: who, which attempt, when, score, then the points for Q1…Qn."""
    questions = [row.info for row in report.questions]
    header = [_("Name"), _("Email"), _("Organisation"), _("Attempt number"), _("Started"), _("Submitted"),
              _("Submitted when time ran out"), _("Score"), _("Maximum"), _("Per cent"), _("Passed"),
              _("Pass mark used (%)"), *[f"Q{info.number}" for info in questions]]
    rows = []
    for person in report.participants:
        attempt = person.counted
        if attempt is None:
            continue
        rows.append([
            safe_text(person.name), safe_text(person.email), safe_text(person.organisation), number(attempt.number),
            moment(attempt.started_at), moment(attempt.submitted_at), yes_no(attempt.auto_submitted),
            number(attempt.score), number(attempt.max_score), number(attempt.percent), yes_no(attempt.passed),
            number(attempt.pass_mark),
            *[number(Decimal(attempt.question_scores[info.id])) if info.id in attempt.question_scores else ""
              for info in questions],
        ])
    return header, rows


def gain_rows(reports: Sequence[GainReport]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: per person, the counted pre-test and post-test and the gain between them."""
    header = [_("Name"), _("Email"), _("Organisation"),
              _("Pre-test"), _("Pre-test score"), _("Pre-test maximum"), _("Pre-test per cent"), _("Pre-test passed"),
              _("Post-test"), _("Post-test score"), _("Post-test maximum"), _("Post-test per cent"),
              _("Post-test passed"), _("Gain in points"), _("Gain in percentage points")]
    rows = []
    for report in reports:
        for row in report.rows:
            pre, post = row.gain.pre, row.gain.post
            rows.append([
                safe_text(row.name), safe_text(row.email), safe_text(row.organisation),
                safe_text(report.pre.title) if report.pre else "", *_side(pre),
                safe_text(report.post.title) if report.post else "", *_side(post),
                number(row.gain.points), number(row.gain.percentage_points),
            ])
    return header, rows


def _side(attempt) -> list[str]:
    if attempt is None:
        return ["", "", "", ""]
    return [number(attempt.score), number(attempt.max_score), number(attempt.percent), yes_no(attempt.passed)]

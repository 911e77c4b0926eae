"""What the quiz results CSVs hold: one row per counted attempt, and a session's knowledge gain.

Rows are plain values (scores as numbers, moments, yes/no); `enrollments.spreadsheets` writes them, so the
files open cleanly in Excel and text from people never runs as a formula.
"""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from enrollments.quizzes.reports import GainReport, QuizReport
from enrollments.spreadsheets import moment_heading


def quiz_rows(report: QuizReport) -> tuple[list[str], list[list]]:
    """Header and rows: who, which attempt, when, score, then the points for Q1…Qn."""
    questions = [row.info for row in report.questions]
    header = [_("Name"), _("Email"), _("Organisation"), _("Attempt number"),
              moment_heading(_("Started")), moment_heading(_("Submitted")), _("Submitted when time ran out"),
              _("Score"), _("Maximum"), _("Per cent"), _("Passed"), _("Pass mark used (%)"),
              *[f"Q{info.number}" for info in questions]]
    rows = []
    for person in report.participants:
        attempt = person.counted
        if attempt is None:
            continue
        rows.append([
            person.name, person.email, person.organisation, attempt.number,
            attempt.started_at, attempt.submitted_at, attempt.auto_submitted,
            attempt.score, attempt.max_score, attempt.percent, attempt.passed, attempt.pass_mark,
            *[Decimal(attempt.question_scores[info.id]) if info.id in attempt.question_scores else ""
              for info in questions],
        ])
    return header, rows


def gain_rows(reports: Sequence[GainReport]) -> tuple[list[str], list[list]]:
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
                row.name, row.email, row.organisation,
                report.pre.title if report.pre else "", *_side(pre),
                report.post.title if report.post else "", *_side(post),
                row.gain.points, row.gain.percentage_points,
            ])
    return header, rows


def _side(attempt) -> list:
    if attempt is None:
        return ["", "", "", ""]
    return [attempt.score, attempt.max_score, attempt.percent, attempt.passed]

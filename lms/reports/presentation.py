"""A report as people read it: every figure written one way (counts, "<5", percentages, points, hours) and the
tables and charts built from one `Report`, so the page, the printable annex and the CSV and XLSX files print the
same strings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from content.choices import Oblast
from content.percent import format_percent
from lms.reports import charts
from lms.reports.models import Indicator
from lms.reports.selectors import Figures, Report

WITHHELD = "<5"
# Dimensions with many categories: a category nobody is in is left out of its table (the map still shows it).
LONG_LISTS = frozenset({"oblast"})


def count(value: int | None) -> str:
    return WITHHELD if value is None else number_format(value, force_grouping=True)


def percent(value: Decimal | None) -> str:
    return "—" if value is None else format_percent(value)


def points(value: Decimal | None) -> str:
    if value is None:
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return _("%(sign)s%(points)s pp") % {"sign": sign, "points": number_format(abs(value))}


def hours(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=1 if value % 1 else 0, force_grouping=True)


def figure_headings() -> list[str]:
    return [_("People reached"), _("Places"), _("Completed"), _("Certified"), _("Person-hours"),
            _("Attendance rate"), _("Completion rate"), _("Certification rate"), _("Mean knowledge gain"),
            _("Reaching the pass mark")]


def figure_cells(figures: Figures) -> list[str]:
    return [count(figures.reached), count(figures.places), count(figures.completed), count(figures.certified),
            hours(figures.person_hours), percent(figures.attendance_rate), percent(figures.completion_rate),
            percent(figures.certification_rate), points(figures.mean_gain), percent(figures.pass_share)]


@dataclass(frozen=True)
class Table:
    """One table of a report: its title, column headings and rows of printed cells (the first is the row's)."""

    title: str
    headings: list[str]
    rows: list[list[str]]
    picture: str = ""  # the name of the picture drawn beside it, if any (attendance, gain, targets, oblasts)


def tables(report: Report) -> list[Table]:
    """Every table of the report, in the order the page, the annex and the files show them."""
    result = [Table(_("All participants"), ["", *figure_headings()], [[_("Total"), *figure_cells(report.total)]])]
    if report.targets:
        result.append(Table(_("Progress against the project's targets"),
                            [_("Indicator"), _("Target"), _("Achieved"), _("Progress")],
                            [[target_label(row.target), target_value(row.target.indicator, row.target.value),
                              target_value(row.target.indicator, row.actual), percent(row.progress)]
                             for row in report.targets], picture="targets"))
    for breakdown in report.breakdowns:
        result.append(Table(_("By %(dimension)s") % {"dimension": breakdown.label.lower()},
                            [breakdown.label, *figure_headings()],
                            [[label or _("Not stated"), *figure_cells(figures)]
                             for value, label, figures in breakdown.rows
                             if not (breakdown.key in LONG_LISTS and value and figures.places == 0)],
                            picture="oblasts" if breakdown.key == "oblast" else ""))
    result.append(Table(_("Attendance by day"), [_("Day"), _("Places"), _("Attended"), _("Attendance rate")],
                        [[_("Day %(number)s") % {"number": day.number}, count(day.places), count(day.attended),
                          percent(day.rate)] for day in report.days], picture="attendance"))
    result.append(Table(_("Knowledge gain by course"),
                        [_("Course"), _("People with both tests"), _("Pre-test"), _("Post-test"), _("Gain")],
                        [[gain.title, count(gain.tested), percent(gain.pre), percent(gain.post), points(gain.gain)]
                         for gain in report.courses], picture="gain"))
    for assessment in report.self_assessments:
        result.append(Table(_("Self-assessment: %(title)s") % {"title": assessment.title},
                            [_("Band"), _("People")],
                            [[band, count(people)] for band, people in assessment.bands]))
    if report.calls:
        result.append(Table(_("Open calls"), [_("Call"), _("Applications"), _("Shortlisted"), _("Accepted")],
                            [[call.name, count(call.received), count(call.shortlisted), count(call.accepted)]
                             for call in report.calls]))
    for breakdown in report.application_breakdowns:
        result.append(Table(_("Applications by %(dimension)s") % {"dimension": breakdown.label.lower()},
                            [breakdown.label, _("Applications"), _("Shortlisted"), _("Accepted")],
                            [[label or _("Not stated"), count(figures["received"]), count(figures["shortlisted"]),
                              count(figures["accepted"])]
                             for value, label, figures in breakdown.rows
                             if not (breakdown.key in LONG_LISTS and value and figures["received"] == 0)]))
    return result


def target_label(target) -> str:
    label = target.get_indicator_display()
    if target.profession:
        label = f"{label}: {target.get_profession_display().lower()}"
    return label


def target_value(indicator: str, value: Decimal | None) -> str:
    if value is None:
        return WITHHELD
    if indicator in Indicator.percentages():
        return percent(value)
    if indicator == Indicator.PERSON_HOURS:
        return hours(value)
    return count(int(value))


# --- Pictures ----------------------------------------------------------------------------------------------------

def attendance_chart(report: Report):
    return charts.bar_chart(
        [charts.Bar(label=_("Day %(number)s") % {"number": day.number},
                    value=None if day.rate is None else float(day.rate) / 100, shown=percent(day.rate))
         for day in report.days],
        title=_("Attendance by day"), max_value=1,
        description=_("Share of places attended on each day of the sessions: ") + "; ".join(
            f"{_('Day %(number)s') % {'number': day.number}} {percent(day.rate)}" for day in report.days))


def gain_chart(report: Report):
    return charts.gain_chart(
        [charts.Gain(label=gain.title, pre=None if gain.pre is None else float(gain.pre) / 100,
                     post=None if gain.post is None else float(gain.post) / 100, shown=points(gain.gain))
         for gain in report.courses],
        title=_("Knowledge gain by course"),
        description=_("Mean pre-test and post-test scores per course: ") + "; ".join(
            f"{gain.title} {percent(gain.pre)} → {percent(gain.post)}" for gain in report.courses))


def targets_chart(report: Report):
    return charts.progress_chart(
        [charts.Progress(label=target_label(row.target), actual=None if row.actual is None else float(row.actual),
                         target=float(row.target.value),
                         shown=_("%(achieved)s of %(target)s") % {
                             "achieved": target_value(row.target.indicator, row.actual),
                             "target": target_value(row.target.indicator, row.target.value)})
         for row in report.targets],
        title=_("Progress against targets"),
        description="; ".join(f"{target_label(row.target)}: {percent(row.progress)}" for row in report.targets))


def oblast_chart(report: Report):
    oblasts = next(breakdown for breakdown in report.breakdowns if breakdown.key == "oblast")
    reached = {value: figures.reached for value, _label, figures in oblasts.rows if value in Oblast.values}
    return charts.oblast_map(
        {value: None if people is None else float(people) for value, people in reached.items()},
        {value: count(people) for value, people in reached.items()},
        title=_("People reached by oblast"),
        description="; ".join(f"{label}: {count(figures.reached)}" for value, label, figures in oblasts.rows
                              if value and figures.reached != 0))

"""Who counts as what in every report: written once, here, and shown under each report as its footnotes.

The report page, its charts, its CSV and XLSX files and the dashboard count with these rules and nothing else
(lms/reports/facts.py stores what they need per place, lms/reports/selectors.py adds it up).
"""

from django.utils.translation import gettext_lazy as _

from content.choices import AgeBand, DisabilityStatus, DisplacementStatus, Oblast, Profession, Sex
from enrollments.models import EnrollmentStatus

# A place is a seat on a training session (a request or a waiting-list spot is not).
PLACE_STATUSES = EnrollmentStatus.holding_seat()

# The post-test and the pre-test a gain is measured between (enrollments.quizzes.results counts the first
# submitted attempt of each, per person and session).
PRE_TEST, POST_TEST = "pre_test", "post_test"

# The dimensions every figure is broken down by, in order: the field of the place's facts and its choices.
# "" is "not stated": no answer, "prefer not to say", or (for the sensitive ones) no consent to use it for reports.
DIMENSIONS = {
    "sex": (_("Sex"), Sex),
    "age_band": (_("Age band"), AgeBand),
    "oblast": (_("Oblast"), Oblast),
    "profession": (_("Profession"), Profession),
    "displacement_status": (_("Displacement status"), DisplacementStatus),
    "disability": (_("Disability"), DisabilityStatus),
}
# Asked only with the person's consent to be described in reports (enrollments.models.Profile).
CONSENTED = frozenset({"sex", "age_band", "displacement_status", "disability"})
NOT_STATED = ""
UNDISCLOSED = "undisclosed"


def stated(value: str) -> str:
    """A person's answer as reports count it: "prefer not to say" is not stated."""
    return NOT_STATED if value == UNDISCLOSED else value


FOOTNOTES = [
    _("Period: a training session is counted in the period its first day falls in."),
    _("Place: a seat on a training session. Requests and waiting-list spots are not places."),
    _("Reached: a person who attended at least one day of a session; each person is counted once, however many "
      "sessions they attended."),
    _("Attended: a day marked present, or late or excused where the session counts those as attended. Days still "
      "to come are neither attended nor missed."),
    _("Attendance rate: days attended out of the days held, over all places."),
    _("Completed: a place on a session that is over whose holder attended every day."),
    _("Certified: a place with a valid certificate (revoked ones are not counted)."),
    _("Person-hours: each place's training hours in proportion to the days attended."),
    _("Knowledge gain: the first post-test minus the first pre-test of the same person on the same session, in "
      "percentage points, over people who took both. Pass mark: the post-test's own."),
    _("Not stated: no answer, “prefer not to say”, or no consent to be described in reports. People without that "
      "consent are counted, never described."),
    _("Any count from 1 to 4 people is shown as “<5”, and so is the next smallest figure beside it where the total "
      "would give it away; shares and means over fewer than 5 people are not shown."),
]


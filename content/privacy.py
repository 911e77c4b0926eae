"""The privacy notice, written from the settings: who is responsible, why data is processed, what is collected, how
long each kind is kept and what people may do about it.

The periods are settings.PRIVACY_RETENTION_MONTHS, the same dict `apply_retention` enforces
(enrollments/privacy/retention.py), so the notice can never promise one period while the site keeps another.
Pure: the caller hands in the settings and the site settings' fallbacks, and gets words in the active language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

PURPOSES = {
    "learning": _("To give you an account and your courses: logging in, saving your progress and quiz results."),
    "trainings": _("To run trainings: places, waiting lists, reminders, attendance and the trainers’ rosters."),
    "certificates": _("To issue certificates and let anyone with a certificate’s code check that it is genuine."),
    "calls": _("To select participants through open calls: your application, its files and the reviewers’ marks."),
    "reporting": _("Only with your consent: to report to the donors who fund free training how many people of "
                   "which groups took part, as totals, never by name."),
    "security": _("To keep the site and your data safe: a record of which staff member viewed or exported whose "
                  "records, and the technical logs of each request."),
}

COLLECTED = (
    _("Your account: email address and password (stored only in scrambled form)."),
    _("Your profile: full name, profession, organisation, oblast and community."),
    _("Your learning: course progress, places on trainings, attendance, quiz answers and results, certificates."),
    _("Applications to open calls: your answers, the files you upload, the reviewers’ marks and comments."),
    _("Only with your consent: sex, age band, displacement status and disability."),
    _("Cookies needed for logging in and for your choice of language; no advertising or tracking cookies."),
)

PERIODS = {
    "reporting_details": (
        _("Sex, age band, displacement status and disability"),
        _("after your last training ended, or after you gave your consent if you have not trained with us. They "
          "are deleted sooner if you withdraw your consent; reports already made keep only their totals."),
    ),
    "rejected_applications": (
        _("Applications that were not accepted, were withdrawn or were never sent"),
        _("after the call’s deadline or its decision, whichever is later. Then your answers, name and files are "
          "deleted; only the count of applications stays for reports."),
    ),
    "access_log": (
        _("The record of which staff member viewed or exported your records"),
        _("after it was written."),
    ),
}

RIGHTS = (
    _("See and download everything we hold about you, from your profile."),
    _("Correct your details in your profile at any time."),
    _("Ask for your data to be erased, from your profile; a coordinator carries it out and tells you."),
    _("Withdraw your consent to reporting at any time in your profile; the details given with it are then "
      "deleted."),
    _("Complain to the Ukrainian Parliament Commissioner for Human Rights if you think we handle your data "
      "wrongly."),
)


@dataclass(frozen=True)
class Period:
    key: str
    what: str
    months: int
    length: str  # "12 months", in the reader's language
    starts: str


@dataclass(frozen=True)
class Notice:
    controller_name: str
    controller_email: str
    controller_address: str
    purposes: list[str]
    collected: list[str]
    periods: list[Period]
    rights: list[str]


def privacy_notice(*, controller: Mapping[str, str], purposes: Sequence[str], retention_months: Mapping[str, int],
                   organisation_name: str = "", contact_email: str = "") -> Notice:
    """The notice in the active language. `controller`, `purposes` and `retention_months` are the PRIVACY_*
    settings; an empty controller name or email falls back to the site settings' organisation name and contact
    email. A purpose or period without words of its own here is named by its key rather than left out."""
    periods = []
    for key, months in retention_months.items():
        what, starts = PERIODS.get(key, (key.replace("_", " ").capitalize(), ""))
        length = ngettext("%(months)d month", "%(months)d months", months) % {"months": months}
        periods.append(Period(key=key, what=str(what), months=months, length=length, starts=str(starts)))
    return Notice(
        controller_name=controller.get("name") or organisation_name or gettext("The organisation that runs this "
                                                                               "site"),
        controller_email=controller.get("email") or contact_email,
        controller_address=controller.get("address", ""),
        purposes=[str(PURPOSES.get(key, key)) for key in purposes],
        collected=[str(item) for item in COLLECTED],
        periods=periods,
        rights=[str(item) for item in RIGHTS],
    )

"""Who may see an application and its files: the applicant always; staff as the admin's applications list does.

Staff rights are the admin's permissions, not group names: `view_application` shows submitted and decided
applications (reviewers), `change_application` also withdrawn ones (coordinators). A draft is seen by
nobody but its applicant.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from enrollments.calls.models import Application
from enrollments.calls.review import SHOWN_TO_COORDINATORS, SHOWN_TO_REVIEWERS

VIEW = "enrollments.view_application"
DECIDE = "enrollments.change_application"


def can_see_application(user: AbstractBaseUser | AnonymousUser, application: Application) -> bool:
    """True for the applicant, and for staff whose admin list shows the application; never another applicant."""
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    if not user.has_perm(VIEW):
        return False
    shown = SHOWN_TO_COORDINATORS if user.has_perm(DECIDE) else SHOWN_TO_REVIEWERS
    return application.status in shown

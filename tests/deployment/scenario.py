"""What the two-instance tests add to the seeded demo, run inside `manage.py shell` against the site's database:
`python manage.py shell -c "from tests.deployment.scenario import build; build()"` prints the ids as JSON.

- a standard page under the Ukrainian home page, published with a revision (a coordinator edits it in the admin);
- a one-day session today with a session rule "every day attended, nothing else", a trainer and one participant
  with a name: marking the day present makes her eligible, and the worker issues her certificate;
- a one-day session today with room for everyone, where the load test adds walk-ins.
"""

import json
from datetime import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

PASSWORD = "proof-of-two-instances-2026"  # noqa: S105 - a throwaway account in a throwaway database
PARTICIPANT_EMAIL = "proof.participant@example.org"
PARTICIPANT_NAME = "Олена Доказова"


@transaction.atomic
def build() -> None:
    from certificates.models import CertificateRule
    from content.models import HomePage, StandardPage
    from content.roles import PARTICIPANT
    from courses.models import CoursePage
    from enrollments.accounts import create_account
    from enrollments.models import Enrollment, Profile, SessionDay, TrainingSession

    home = HomePage.objects.get(locale__language_code="uk")
    page = home.add_child(instance=StandardPage(title="Сторінка для перевірки", slug="two-instances-proof",
                                                intro="Перша редакція."))
    page.save_revision().publish()

    course = CoursePage.objects.live().filter(locale__language_code="uk").order_by("path").first()
    trainer = get_user_model().objects.get(email="trainer@example.org")
    participant = create_account(email=PARTICIPANT_EMAIL, role=PARTICIPANT, password=PASSWORD, verified=True)
    Profile.objects.update_or_create(user=participant, defaults={"full_name": PARTICIPANT_NAME})

    def session_today(title: str, capacity: int) -> tuple[TrainingSession, SessionDay]:
        session = TrainingSession.objects.create(course=course, title=title, capacity=capacity, city="Дніпро",
                                                 venue="Центр соціальних служб", status="open", hours=Decimal(6))
        session.trainers.add(trainer)
        day = SessionDay.objects.create(session=session, date=timezone.localdate(), starts_at=time(0, 0),
                                        ends_at=time(23, 59), topic="День перевірки")
        return session, day

    certified, certified_day = session_today("Перевірка сертифіката", 20)
    CertificateRule.objects.create(session=certified, course=None, kind="completion", attendance="every_day")
    enrollment = Enrollment.objects.create(session=certified, user=participant, status="enrolled", source="self")
    _, load_day = session_today("Перевірка навантаження", 5000)

    print(json.dumps({
        "page_id": page.pk, "page_path": page.get_url_parts()[2], "page_title": page.title,
        "certified_day_id": certified_day.pk, "enrollment_id": enrollment.pk, "load_day_id": load_day.pk,
        "participant_email": PARTICIPANT_EMAIL, "participant_password": PASSWORD,
        "participant_name": PARTICIPANT_NAME,
    }))

"""What the reports keep about one person, for their data download (the `personal_data_sections` hook in
wagtail_hooks.py): the facts counted from each of their places on a session, the description they gave for
anonymous reporting as copied there, and the band of each self-assessment's latest answer.

These are copies of records the download already holds (attendance, quiz results, the profile), but they are rows
about the person, kept in their own tables, so the person sees them too. Report downloads and participant exports
someone made as staff (DownloadLog, ExportJob) are left out: they record that member of staff's work and name
nobody as their subject.
"""

from django.contrib.auth.models import AbstractBaseUser

from enrollments.privacy.personal_data import day, moment, number, page_titles
from lms.reports.models import Participation, SelfAssessmentFacts


def report_facts_of(*, user: AbstractBaseUser) -> dict:
    """Two queries, three with self-assessments (their quizzes' titles)."""
    places = Participation.objects.filter(user=user).select_related("session").order_by("first_day", "pk")
    answers = list(SelfAssessmentFacts.objects.filter(user=user).order_by("submitted_at", "pk"))
    titles = page_titles({answer.quiz_key for answer in answers})
    return {
        "places": [{
            "session": place.session.title,
            "first_day": day(place.first_day),
            "last_day": day(place.last_day),
            "days": place.days,
            "days_held": place.days_held,
            "days_attended": place.days_attended,
            "hours": number(place.hours),
            "completed": place.completed,
            "certified": place.certified,
            "pre_test_percent": number(place.pre_percent),
            "post_test_percent": number(place.post_percent),
            "post_test_passed": place.post_passed,
            "sex": place.sex,
            "age_band": place.age_band,
            "oblast": place.oblast,
            "profession": place.profession,
            "displacement_status": place.displacement_status,
            "disability": place.disability,
            "refreshed_at": moment(place.refreshed_at),
        } for place in places],
        "self_assessments": [{
            "quiz": titles.get(answer.quiz_key, ""),
            "band": answer.band,
            "submitted_at": moment(answer.submitted_at),
        } for answer in answers],
    }

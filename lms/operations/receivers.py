"""What makes the page cache forget every page (lms/operations/page_cache.py): publishing, unpublishing, moving or
deleting a page, and saving or deleting a row that anonymous readers see on pages.

The generation is global: a change anywhere renders every page afresh, so no list of "pages showing this row" has
to be kept right. What each watched model shows is said beside it below; a model missing from the list shows its
change after PAGE_CACHE_SECONDS at the latest.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from certificates.models import CertificateRule
from content.models import Call, CallCriterion, CallStage, SiteSettings
from courses.models import Topic
from enrollments.calls.models import CallSession
from enrollments.models import Enrollment, Profile, SessionDay, TrainingSession
from lms.operations.page_cache import invalidate

WATCHED = [
    Site, Locale,  # which tree a host serves, in which languages
    PageViewRestriction,  # a page that becomes private must stop being served from the cache
    SiteSettings,  # the footer on every page
    get_image_model(), get_document_model(),  # images and documents in pages' bodies
    Topic,  # course cards and course pages name their topic
    TrainingSession, SessionDay,  # session cards on course pages: dates, place, status
    Enrollment,  # the cards' "places left" and "full — waiting list"
    Call, CallStage, CallCriterion, CallSession,  # call pages, open calls on the home page and on session cards
    CertificateRule,  # what each training still needs for its certificates, on My learning (kept per generation)
]
# Many-to-many rows a watched row shows: they change without saving the row itself.
WATCHED_MANY = [CertificateRule.required_quizzes.through, CertificateRule.required_modules.through]
# People's names are shown only as course trainers; a log-in (last_login) or a new account changes no page.
QUIET_USER_FIELDS = {"last_login", "password"}


def _changed(sender, **kwargs) -> None:
    invalidate()


def _person_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields is not None and set(update_fields) <= QUIET_USER_FIELDS):
        return
    invalidate()


for model in WATCHED:
    post_save.connect(_changed, sender=model, dispatch_uid=f"page_cache_save_{model._meta.label_lower}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"page_cache_delete_{model._meta.label_lower}")

for through in WATCHED_MANY:
    m2m_changed.connect(_changed, sender=through, dispatch_uid=f"page_cache_m2m_{through._meta.label_lower}")

page_published.connect(_changed, dispatch_uid="page_cache_published")
page_unpublished.connect(_changed, dispatch_uid="page_cache_unpublished")
post_page_move.connect(_changed, dispatch_uid="page_cache_moved")
# Deleting a page of any type deletes its row of Page too (multi-table inheritance), which sends this.
post_delete.connect(_changed, sender=Page, dispatch_uid="page_cache_page_deleted")
post_save.connect(_person_saved, sender=get_user_model(), dispatch_uid="page_cache_user_saved")
post_save.connect(_person_saved, sender=Profile, dispatch_uid="page_cache_profile_saved")

"""Certificate records and settings (certificates/models.py): the settings coordinators edit, and rules that
belong to a session."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from certificates.models import CertificateRule, CertificateSettings, IssuingBatch
from enrollments.models import TrainingSession
from tests.certificates.factories import CertificateRuleFactory
from tests.enrollments.factories import TrainingSessionFactory
from tests.factories import CoordinatorFactory
from tests.helpers import text, uk


def test_coordinators_edit_the_certificate_settings(admin, db):
    url = reverse("wagtailsettings:edit", args=["certificates", "certificatesettings"])
    response = admin.get(url, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert uk("First signatory") in page and uk("Issuing organisation") in page
    assert "image-chooser" in page or "data-chooser-url" in page  # images through Wagtail's chooser
    edit_url = response.redirect_chain[-1][0] if response.redirect_chain else url
    response = admin.post(edit_url, {"issuer": "ГО «Громада»", "issuer_en": "NGO Hromada",
                                     "signatory_1_name": "Ірина Коваль", "signatory_1_role": "Голова"})
    assert response.status_code == 302
    settings = CertificateSettings.load()
    assert (settings.issuer, settings.signatory_1_name) == ("ГО «Громада»", "Ірина Коваль")


def test_a_session_nobody_was_on_is_deleted_with_its_own_rule(client, tree):
    client.force_login(CoordinatorFactory(is_superuser=True))
    session = TrainingSessionFactory(course=tree.course)
    rule = CertificateRuleFactory(course=None, session=session)

    response = client.post(reverse("sessions:delete", args=[session.pk]), follow=True)

    assert response.status_code == 200
    assert not CertificateRule.objects.filter(pk=rule.pk).exists()
    assert not TrainingSession.objects.filter(pk=session.pk).exists()
    with translation.override("uk"):
        deleted = str(_("%(model_name)s '%(object)s' deleted.") % {
            "model_name": capfirst(TrainingSession._meta.verbose_name), "object": session.title})
    assert deleted in text(response)


def test_an_issuing_run_keeps_its_session(client, tree):
    """A bulk run records who asked for what: deleting its session is refused, by the database and the admin."""
    client.force_login(CoordinatorFactory(is_superuser=True))
    session = TrainingSessionFactory(course=tree.course)
    IssuingBatch.objects.create(session=session, total=0)

    with pytest.raises(ProtectedError):
        TrainingSession.objects.get(pk=session.pk).delete()
    response = client.post(reverse("sessions:delete", args=[session.pk]), follow=True)

    assert response.status_code == 200
    with translation.override("uk"):
        records = str(IssuingBatch._meta.verbose_name_plural)
    assert uk("This session cannot be deleted: %(records)s refer to it and are kept. Cancel it from its roster "
              "instead: everyone will be told.", records=records) in text(response)
    assert TrainingSession.objects.filter(pk=session.pk).exists()
    assert IssuingBatch.objects.filter(session=session).count() == 1

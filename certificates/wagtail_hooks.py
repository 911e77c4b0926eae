"""Certificates in the Wagtail admin: the "Certificates" menu (certificates, rules, settings), the
coordinators' pages and the history actions of certificates (issue, revoke, reissue); and what certificates
add to pages of the floors below: pages their rules name are kept from deletion, "My learning" shows
certificates, and a person's data download holds them."""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import include, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.contrib.settings.registry import SettingMenuItem

from certificates import admin_urls, selectors
from certificates.models import CertificateSettings
from certificates.qr import verification_url
from certificates.services import ISSUED, REISSUED, REVOKED
from certificates.validity import is_expired
from certificates.viewsets import CertificatesMenu
from enrollments.privacy.personal_data import day, moment, number


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(ISSUED, _("Issue certificate"), _("Certificate issued"))
    actions.register_action(REVOKED, _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action(REISSUED, _("Reissue certificate"), _("Certificate reissued with a corrected name"))


@hooks.register("register_admin_viewset")
def register_certificate_viewsets():
    return CertificatesMenu()


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [path("", include((admin_urls.urlpatterns, admin_urls.app_name), namespace=admin_urls.app_name))]


@hooks.register("register_certificates_menu_item")
def certificate_settings_menu_item():
    """The settings also sit under "Settings"; here they are found where certificates are."""
    return SettingMenuItem(CertificateSettings, icon="cog", name="certificate-settings", order=900)


@hooks.register("register_permissions")
def issuing_batch_permissions():
    """Starting bulk runs and watching them, grantable to a group in Settings → Groups."""
    return Permission.objects.filter(content_type__app_label="certificates",
                                     codename__in=["add_issuingbatch", "view_issuingbatch"])


# What the certificate tasks' jobs do, for the list of failed work (enrollments.background.selectors).
@hooks.register("describe_background_job")
def describe_certificate_job(job):
    from certificates.tasks import describe_job

    return describe_job(job)


# What erasing a person does to their certificates, on the coordinator's review page (enrollments.privacy).
@hooks.register("erasure_preview")
def certificates_in_erasure(user, keep_certificates):
    return selectors.erasure_preview(user=user, keep_certificates=keep_certificates)


# --- Pages below: deletion, "My learning", "Download my data" ------------------------------------

# A course, quiz or module a certificate rule names is not deleted (enrollments.protection).
hooks.register("page_has_records", selectors.rules_refer_to)


@hooks.register("my_learning_sections")
def certificates_on_my_learning(request, trainings, completed):
    """What each of the person's trainings still needs for its certificates, then the certificates issued."""
    certificates = selectors.certificates_of(user=request.user)
    today = timezone.localdate()
    return {
        "template": "certificates/my_learning.html",
        "outlooks": selectors.training_outlooks(user=request.user, trainings=trainings, certificates=certificates,
                                                completed=completed, today=today),
        "certificates": [(c, is_expired(expires_on=c.expires_on, today=today)) for c in certificates],
    }


@hooks.register("personal_data_sections")
def certificates_in_personal_data(user):
    """Every certificate issued to the person, revoked ones too, as printed, with its public verification link."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"
    return {
        "name": "certificates",
        "template": "certificates/personal_data.html",
        "data": [{
            "code": certificate.display_code,
            "kind": certificate.kind,
            "course": certificate.course_title,
            "course_en": certificate.course_title_en,
            "holder_name": certificate.holder_name,
            "holder_name_latin": certificate.holder_name_latin,
            "first_day": day(certificate.first_day),
            "last_day": day(certificate.last_day),
            "city": certificate.city,
            "hours": number(certificate.hours),
            "issued_at": moment(certificate.issued_at),
            "expires_on": day(certificate.expires_on),
            "status": certificate.status,
            "revoked_at": moment(certificate.revoked_at),
            "revocation_reason": certificate.revocation_reason,
            "verification_url": verification_url(certificate, base_url),
        } for certificate in selectors.all_certificates_of(user=user)],
    }

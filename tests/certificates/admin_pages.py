"""The coordinators' certificate pages in the admin as the tests reach them: their addresses, the messages they
show, and how Wagtail turns away someone who may not see them."""

from django.urls import reverse

INDEX_URL = "/admin/certificates/"


def inspect_url(certificate) -> str:
    return reverse("certificates:inspect", args=[certificate.pk])


def revoke_url(certificate) -> str:
    return reverse("certificates_admin:revoke", args=[certificate.pk])


def reissue_url(certificate) -> str:
    return reverse("certificates_admin:reissue", args=[certificate.pk])

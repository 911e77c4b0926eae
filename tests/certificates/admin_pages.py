"""The coordinators' certificate pages in the admin as the tests reach them: their addresses, the messages they
show, and how Wagtail turns away someone who may not see them."""

from django.urls import reverse

INDEX_URL = "/admin/certificates/"
ADMIN_HOME = "/admin/"


def inspect_url(certificate) -> str:
    return reverse("certificates:inspect", args=[certificate.pk])


def revoke_url(certificate) -> str:
    return reverse("certificates_admin:revoke", args=[certificate.pk])


def reissue_url(certificate) -> str:
    return reverse("certificates_admin:reissue", args=[certificate.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_denied(response) -> None:
    """Wagtail answers a forbidden admin page with a redirect to the dashboard (or a 403)."""
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


def assert_sent_to_login(response) -> None:
    assert response.status_code == 302
    assert "/login/" in response["Location"]

"""The Wagtail page editor in the role tests: its URLs, a module as the editor posts it, a refused request."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def edit_url(page: Page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(model: type[Page], parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def module_form(*, title: str, slug: str, **actions) -> dict:
    """POST data for the module edit form, as the admin's JavaScript would submit it."""
    return nested_form_data({
        "title": title,
        "slug": slug,
        "summary": "Як підготуватися до першої зустрічі з родиною.",
        "estimated_minutes": "25",
        "body": streamfield([
            ("markdown", "## Вступ\n\nПерша зустріч визначає, чи стане план реалістичним."),
            ("callout", {"kind": "tip", "title": "Порада", "text": rich_text("<p>Почніть із безпеки.</p>")}),
        ]),
        **actions,
    })

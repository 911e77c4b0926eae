"""Reports → Erasure requests (2 waiting): for those who may carry erasure out."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem

from enrollments.privacy.erasure_admin_views import can_review_erasure
from enrollments.privacy.erasure_selectors import waiting_count


class ErasureRequestsMenuItem(MenuItem):
    def __init__(self):
        super().__init__(_("Erasure requests"), reverse_lazy("privacy_admin:erasure_requests"),
                         name="erasure-requests", icon_name="bin", order=60)

    def is_shown(self, request) -> bool:
        return can_review_erasure(request.user)

    def render_component(self, request):
        count = waiting_count()
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs=self.attrs)

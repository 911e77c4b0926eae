"""Where coordinators see that background work failed: the Reports menu item, with the count, and a panel on
the admin's dashboard while anything is failing."""

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem

from enrollments.background.selectors import failed_count
from enrollments.permissions import is_coordinator


class FailedWorkMenuItem(MenuItem):
    """Reports → Failed emails and tasks (3): for coordinators and superusers."""

    def __init__(self):
        super().__init__(_("Failed emails and tasks"), reverse_lazy("background_admin:failed"), name="failed-work",
                         icon_name="warning", order=50)

    def is_shown(self, request) -> bool:
        return is_coordinator(request.user)

    def render_component(self, request):
        count = failed_count()
        label = f"{self.label} ({count})" if count else str(self.label)
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs=self.attrs)


class FailedWorkPanel(Component):
    """A dashboard panel saying how many emails and tasks failed, linking to the list."""

    name = "failed_work"
    order = 50
    template_name = "enrollments/background/admin/failed_panel.html"

    def __init__(self, *, count: int):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count, "url": reverse("background_admin:failed")}

"""Writing the demo's pages: a child page created and published when missing, a translation copied when missing.

The demo writes pages with the same helpers the site's skeleton is built with (`lms.operations.skeleton`): they
call Wagtail's own page API as the admin does (`add_child`, `save_revision().publish()`, `copy_for_translation`).
A page is looked up by slug under its parent, a translation by its locale, so nothing an editor changed is ever
overwritten.
"""

from lms.operations.skeleton import child_page, publish, translated

__all__ = ["child_page", "publish", "translated"]

"""Private files on local disk: applicants' uploads and participant exports, kept outside MEDIA_ROOT."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files never served as media, only through permission-checked views (STORAGES["private"] on local disk).

    The folder is read from settings.PRIVATE_MEDIA_ROOT on every use, so tests can point it elsewhere.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

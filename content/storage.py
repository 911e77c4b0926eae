"""Private files: applicants' uploads and participant exports, served only through permission-checked views.

STORAGES["private"] says where they live: local disk outside MEDIA_ROOT (PrivateStorage, the default) or a private
bucket (lms/operations/storage.py). File fields name `get_private_storage`, so migrations stay the same whichever
storage the environment chooses.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


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


class _PrivateStorageProxy(LazyObject):
    """STORAGES["private"], looked up at first use, as Django's `default_storage` is for "default".

    A FileField calls its storage callable once, when its model is defined; handing it this proxy rather than the
    backend itself lets a change of STORAGES (override_settings in tests) reach the field, as it reaches
    `default_storage`."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorageProxy()


def get_private_storage() -> _PrivateStorageProxy:
    """The storage of private file fields: FileField(storage=get_private_storage)."""
    return private_storage


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty

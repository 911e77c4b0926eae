"""Where media and private files live: local disk (the settings' STORAGES as they are) or S3-compatible object
storage through django-storages, chosen by environment variables (MEDIA_STORAGE=s3 and the AWS_* variables).

lms/settings/production.py calls `storages_from_environment(os.environ, STORAGES)`; the function is pure, so the
tests call it with plain dicts.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
MEDIA_LOCATION = "media"
PRIVATE_LOCATION = "private"
# A signed link to a private file is only a fallback: the app streams private files through its own views.
PRIVATE_LINK_SECONDS = 300


def storages_from_environment(environ: Mapping[str, str], base: dict) -> dict:
    """STORAGES for the environment: `base` when MEDIA_STORAGE is unset or "local"; with MEDIA_STORAGE=s3, public
    media ("default": images, renditions, documents) and private files ("private": applicants' uploads, exports) in
    S3-compatible buckets. Returns a new dict; `base` is left as it was."""
    kind = _value(environ, "MEDIA_STORAGE").lower() or "local"
    if kind == "local":
        return copy.deepcopy(base)
    if kind != "s3":
        raise ImproperlyConfigured(f'MEDIA_STORAGE must be "local" or "s3", not "{kind}".')
    bucket = _value(environ, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME: the bucket for media (images, documents, renditions)."
        )
    connection = _connection_options(environ)
    media = {
        **connection,
        "bucket_name": bucket,
        "location": MEDIA_LOCATION,
        "querystring_auth": False,  # public links that do not expire, as image renditions in cached pages need
        "default_acl": _value(environ, "AWS_DEFAULT_ACL") or None,  # many S3-compatible servers have no ACLs
        "file_overwrite": False,
    }
    if custom_domain := _value(environ, "AWS_S3_CUSTOM_DOMAIN"):
        media["custom_domain"] = custom_domain
    private = {
        **connection,
        "bucket_name": _value(environ, "AWS_PRIVATE_BUCKET_NAME") or bucket,
        "location": PRIVATE_LOCATION,
        "querystring_auth": True,
        "querystring_expire": PRIVATE_LINK_SECONDS,
        "default_acl": "private",
        "file_overwrite": False,
    }
    return {
        **copy.deepcopy(base),
        "default": {"BACKEND": S3_BACKEND, "OPTIONS": media},
        "private": {"BACKEND": S3_BACKEND, "OPTIONS": private},
    }


def _connection_options(environ: Mapping[str, str]) -> dict:
    """The options both buckets share. Keys without credentials fall back to boto3's own chain (an instance role)."""
    options = {"signature_version": "s3v4"}
    for option, variable in [
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),  # for S3-compatible servers; unset on AWS
        ("region_name", "AWS_S3_REGION_NAME"),
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
        ("addressing_style", "AWS_S3_ADDRESSING_STYLE"),  # "path" for servers without bucket subdomains
    ]:
        if value := _value(environ, variable):
            options[option] = value
    return options


def _value(environ: Mapping[str, str], name: str) -> str:
    return environ.get(name, "").strip()

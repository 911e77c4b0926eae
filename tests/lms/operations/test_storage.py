"""storages_from_environment: STORAGES from MEDIA_STORAGE and the AWS_* variables (a pure function)."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from content.storage import get_private_storage
from lms.operations.storage import storages_from_environment

BASE = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "content.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
S3 = "storages.backends.s3.S3Storage"


@pytest.mark.parametrize("environ", [{}, {"MEDIA_STORAGE": "local"}, {"MEDIA_STORAGE": " Local "},
                                     {"MEDIA_STORAGE": ""}, {"AWS_STORAGE_BUCKET_NAME": "ignored"}])
def test_local_disk_keeps_the_settings_storages(environ):
    storages = storages_from_environment(environ, BASE)

    assert storages == BASE
    assert storages is not BASE and storages["default"] is not BASE["default"]


def test_s3_puts_media_and_private_files_in_the_bucket_apart():
    environ = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "hromada", "AWS_S3_REGION_NAME": "eu-central-1"}

    storages = storages_from_environment(environ, BASE)

    assert storages["default"] == {"BACKEND": S3, "OPTIONS": {
        "bucket_name": "hromada", "location": "media", "region_name": "eu-central-1", "signature_version": "s3v4",
        "querystring_auth": False, "default_acl": None, "file_overwrite": False}}
    assert storages["private"] == {"BACKEND": S3, "OPTIONS": {
        "bucket_name": "hromada", "location": "private", "region_name": "eu-central-1", "signature_version": "s3v4",
        "querystring_auth": True, "querystring_expire": 300, "default_acl": "private", "file_overwrite": False}}
    assert storages["staticfiles"] == BASE["staticfiles"]  # static files stay with WhiteNoise


def test_s3_compatible_server_with_its_own_private_bucket_domain_and_keys():
    environ = {"MEDIA_STORAGE": "S3", "AWS_STORAGE_BUCKET_NAME": "media", "AWS_PRIVATE_BUCKET_NAME": "vault",
               "AWS_S3_ENDPOINT_URL": "https://s3.example.org", "AWS_ACCESS_KEY_ID": "key",
               "AWS_SECRET_ACCESS_KEY": "secret", "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
               "AWS_DEFAULT_ACL": "public-read", "AWS_S3_ADDRESSING_STYLE": "path"}

    storages = storages_from_environment(environ, BASE)

    media, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert (media["bucket_name"], private["bucket_name"]) == ("media", "vault")
    for options in (media, private):
        assert options["endpoint_url"] == "https://s3.example.org"
        assert (options["access_key"], options["secret_key"]) == ("key", "secret")
        assert options["addressing_style"] == "path"
    assert media["custom_domain"] == "media.example.org"
    assert "custom_domain" not in private  # a signed link must go to the endpoint that checks the signature
    assert media["default_acl"] == "public-read"
    assert private["default_acl"] == "private"


def test_without_keys_boto3_finds_its_own_credentials():
    storages = storages_from_environment({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b"}, BASE)

    for alias in ("default", "private"):
        assert not {"access_key", "secret_key", "endpoint_url", "custom_domain"} & storages[alias]["OPTIONS"].keys()


def test_the_base_is_left_as_it_was():
    base = {alias: dict(options) for alias, options in BASE.items()}

    storages_from_environment({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "b"}, base)

    assert base == BASE


@pytest.mark.parametrize("environ", [{"MEDIA_STORAGE": "s3"}, {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": " "}])
def test_s3_without_a_bucket_is_refused_by_name(environ):
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        storages_from_environment(environ, BASE)


def test_an_unknown_storage_kind_is_refused():
    with pytest.raises(ImproperlyConfigured, match='"local" or "s3"'):
        storages_from_environment({"MEDIA_STORAGE": "gcs"}, BASE)


@pytest.mark.parametrize("model", ["enrollments.ApplicationFile", "reports.ExportJob"])
def test_private_file_fields_follow_the_storages_setting(model, settings, tmp_path):
    field = apps.get_model(model)._meta.get_field("file")
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "elsewhere"}}}

    name = field.storage.save("letter.txt", ContentFile(b"private"))

    assert (tmp_path / "elsewhere" / name).read_bytes() == b"private"
    assert not (settings.PRIVATE_MEDIA_ROOT / name).exists()


@pytest.mark.parametrize("model", ["enrollments.ApplicationFile", "reports.ExportJob"])
def test_migrations_name_the_private_storage_callable_not_a_backend(model):
    *_, kwargs = apps.get_model(model)._meta.get_field("file").deconstruct()

    assert kwargs["storage"] is get_private_storage

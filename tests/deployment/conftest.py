"""Fixtures of the deployment tests: a local S3-compatible server (moto in server mode), so object storage is tested
through real HTTP without the network."""

import json
import uuid

import boto3
import pytest
from django.core.cache import caches

from lms.operations.storage import storages_from_environment

REGION = "us-east-1"
KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    """A moto S3 server on a free loopback port, for the whole session (each xdist worker has its own)."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    """boto3 on the test server, signing with the test keys (as the site does)."""
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION,
                        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"])


@pytest.fixture
def s3_bucket(s3_client, s3_endpoint, settings) -> str:
    """A fresh bucket set up as docs/deployment.md advises (anyone may read the image renditions, media/images/,
    nothing else: not original images, documents or private files), and STORAGES as production computes them for it:
    MEDIA_STORAGE=s3, one bucket for media and private files."""
    bucket = f"hromada-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)
    s3_client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "PublicMedia", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/media/images/*"}]}))
    environ = {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_S3_ENDPOINT_URL": s3_endpoint,
               "AWS_S3_REGION_NAME": REGION, "AWS_S3_ADDRESSING_STYLE": "path", **KEYS}
    settings.STORAGES = storages_from_environment(environ, settings.STORAGES)
    caches["renditions"].clear()  # Wagtail keeps rendition rows (with their storage's URLs) in this cache
    yield bucket
    caches["renditions"].clear()

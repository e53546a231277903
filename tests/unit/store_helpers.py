"""Stores for the store tests: a folder, and an S3-compatible bucket on moto's server started
on 127.0.0.1 for the session (real HTTP, real S3 protocol, no network beyond this machine)."""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
from collections.abc import Iterator

import pytest

from send_core.reading import read_scorecard
from send_core.store import SnapshotStore
from tests.conftest import ROOT

MONTH_ONE = b"KPI,Nov 24,Dec 24\nNo. of complaints,17,12\nDays to assess,40,38\n"
MONTH_TWO = b"KPI,Dec 24,Jan 25\nNo. of complaints,11,13\nDays to assess,38,35\n"
S3_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def read(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return read_scorecard(path)


_buckets = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def moto_server() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1; yields its endpoint address."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_store_address(s3_endpoint, monkeypatch, request) -> str:
    """A new, empty bucket on the moto server, as ``s3://bucket/prefix``, with the endpoint and
    keys in the environment where pyarrow (and the app) read them."""
    import boto3

    for key, value in {**S3_ENVIRONMENT, "AWS_ENDPOINT_URL": s3_endpoint}.items():
        monkeypatch.setenv(key, value)
    bucket = f"send-{next(_buckets)}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=bucket)
    return f"s3://{bucket}/snapshots"


def s3_environment(endpoint: str) -> dict[str, str]:
    """The environment another process needs to reach the moto server's buckets."""
    return {**os.environ, **S3_ENVIRONMENT, "AWS_ENDPOINT_URL": endpoint}


def open_store(address) -> SnapshotStore:
    return SnapshotStore.open(str(address), ROOT)


@pytest.fixture(params=["folder", "s3"])
def store_address(request, tmp_path) -> str:
    """Each store test runs on a folder and on an S3-compatible bucket."""
    if request.param == "folder":
        return str(tmp_path / "store")
    return request.getfixturevalue("s3_store_address")


def publish_sample_for_the_public(address) -> str:
    """Publish the built-in sample (its scorecards and plan) for everyone who signs in, then
    those figures for the public, as a publisher would; return the public version's name."""
    from send_core.config import load_settings
    from send_core.plan import load_plan
    from send_core.store import prepare_publish

    settings = load_settings()
    store = open_store(address)
    sample = settings.sample()
    reads = [read_scorecard(settings.path(path)) for path in sample.scorecard_files]
    plan = load_plan(settings.path(sample.plan_file))
    internal = prepare_publish(reads, plan, None, "internal", settings)
    store.publish(internal.publication, by="Performance officer", app_version="test")
    public = prepare_publish([], None, store.live("internal").snapshot, "public", settings)
    return store.publish(public.publication, by="Performance officer", app_version="test")["version"]

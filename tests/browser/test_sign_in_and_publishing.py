"""Sign-in through a real OpenID Connect provider on 127.0.0.1 (oidc-provider-mock), and the
whole publishing flow in a browser, on a folder store and on an S3-compatible one (moto's
server on 127.0.0.1): a publisher publishes, a manager opens a link to that version, the
publisher publishes again and rolls back. A viewer cannot upload or publish, an officer cannot
publish, and a signed-out visitor sees only the sign-in page."""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from send_core.store import SnapshotStore
from tests.browser.conftest import free_port, running_server, wait_for_app
from tests.conftest import ROOT
from tests.unit.store_helpers import MONTH_ONE, MONTH_TWO, S3_ENVIRONMENT, moto_server

ROLES = """
viewers: ["@council.gov.uk"]
officers: ["send.officer@council.gov.uk"]
publishers: ["head.of.performance@council.gov.uk"]
"""
PUBLISHER, OFFICER, MANAGER = (
    "head.of.performance@council.gov.uk",
    "send.officer@council.gov.uk",
    "north.manager@council.gov.uk",
)


@contextlib.contextmanager
def signed_in_app(store: str, environment: dict[str, str]):
    """The app with sign-in set up against a mock OIDC provider; yields (app address, provider address)."""
    from oidc_provider_mock import run_server_in_thread

    folder = Path(tempfile.mkdtemp(prefix="send-sign-in-"))
    settings = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"^(viewers|officers|publishers): \[\].*$", "", settings, flags=re.MULTILINE) + ROLES
    (folder / "settings.yaml").write_text(settings, encoding="utf-8")
    port = free_port()
    with run_server_in_thread() as provider:
        provider_url = f"http://localhost:{provider.server_port}"
        (folder / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
            'cookie_secret = "a-secret-only-for-these-tests"\n'
            'client_id = "send-reporting"\n'
            'client_secret = "not-a-real-secret"\n'
            f'server_metadata_url = "{provider_url}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with running_server(
            store=store,
            port=port,
            environment={"SEND_APP_SETTINGS": str(folder / "settings.yaml"), **environment},
            arguments=("--secrets.files", str(folder / "secrets.toml")),
        ) as (url, _process):
            yield url, provider_url


def new_page(browser):
    """A page in its own browser (own cookies) that can reach this machine only: the mock
    provider's form asks for a stylesheet from the internet, which is refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost") else route.abort()
        ),
    )
    return context.new_page()


def sign_in(page, url: str, provider_url: str, email: str) -> None:
    page.goto(url)
    wait_for_app(page)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Sign in"
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider_url}/**")
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**")
    wait_for_app(page)
    page.get_by_text(f"Signed in as {email}").wait_for(timeout=30_000)


def nav_links(page) -> list[str]:
    return [text.split("\n")[-1] for text in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]


def go_to(page, name: str) -> None:
    page.get_by_role("link", name=name).click()
    page.locator('[data-testid="stMain"] h1').get_by_text(name).wait_for(timeout=30_000)
    wait_for_app(page)


def upload_and_publish(page, file: Path, *, check_changes: bool = False) -> str:
    go_to(page, "Upload data")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(file))
    page.get_by_text("What we read").wait_for(timeout=60_000)
    go_to(page, "Publish")
    if check_changes:
        page.get_by_text("I have checked this change").click()
    page.get_by_role("button", name="Publish for the internal audience").click()
    notice = page.get_by_text(re.compile(r"Published version \S+ for the internal audience"))
    notice.wait_for(timeout=60_000)
    return re.search(r"Published version (\S+) for", notice.inner_text()).group(1)


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def open_link(page, url: str) -> str:
    page.goto(url)
    wait_for_app(page)
    page.get_by_text("Published figures").first.wait_for(timeout=30_000)
    return main_text(page)


@pytest.fixture(params=["folder", "s3"])
def store_for_app(request, monkeypatch, tmp_path):
    """(store address, environment for the app) on a folder or on a bucket of moto's S3 server."""
    if request.param == "folder":
        yield str(tmp_path / "store"), {}
        return
    import boto3

    with moto_server() as endpoint:
        environment = {**S3_ENVIRONMENT, "AWS_ENDPOINT_URL": endpoint}
        for key, value in environment.items():
            monkeypatch.setenv(key, value)
        boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="council-send")
        yield "s3://council-send/snapshots", environment


def test_publish_view_through_a_link_publish_again_and_roll_back(browser, store_for_app, tmp_path):
    store_address, environment = store_for_app
    november, december = tmp_path / "complaints_nov.csv", tmp_path / "complaints_dec.csv"
    november.write_bytes(MONTH_ONE)
    december.write_bytes(MONTH_TWO)
    with signed_in_app(store_address, environment) as (url, provider):
        publisher = new_page(browser)
        sign_in(publisher, url, provider, PUBLISHER)
        first = upload_and_publish(publisher, november)

        manager = new_page(browser)
        sign_in(manager, url, provider, MANAGER)
        assert "Upload data" not in nav_links(manager) and "Publish" not in nav_links(manager)
        link = f"{url}/?version={first}"
        assert f"version {first}" in open_link(manager, link)

        second = upload_and_publish(publisher, december, check_changes=True)
        seen = open_link(manager, link)  # the same link still shows what was first seen
        assert f"This link shows version {first}. A newer version, {second}, has been published since." in seen

        go_to(publisher, "Publish")
        publisher.get_by_role("button", name="Make this version live again").click()
        publisher.get_by_text(f"Version {first} is live again for the internal audience.").wait_for(timeout=30_000)

        live = open_link(manager, url)
        assert f"version {first}" in live and "A newer version" not in live
        store = SnapshotStore.open(store_address, ROOT)
        assert store.live_pointer("internal")["version"] == first
        actions = [(e["action"], e["by"]) for e in store.audit_events()]
        assert ("publish", PUBLISHER) in actions and ("rollback", PUBLISHER) in actions
        assert ("sign_in", MANAGER) in actions


def test_each_role_sees_only_what_it_may_do_and_a_signed_out_visitor_only_the_sign_in_page(browser, tmp_path):
    with signed_in_app(str(tmp_path / "store"), {}) as (url, provider):
        visitor = new_page(browser)
        visitor.goto(f"{url}/upload")
        wait_for_app(visitor)
        assert visitor.locator('[data-testid="stMain"] h1').first.inner_text() == "Sign in"
        assert nav_links(visitor) == []
        assert "sample data" not in main_text(visitor).lower()

        officer = new_page(browser)
        sign_in(officer, url, provider, OFFICER)
        assert "Upload data" in nav_links(officer) and "Publish" not in nav_links(officer)

        stranger = new_page(browser)
        sign_in_as_stranger = "someone@example.org"
        stranger.goto(url)
        wait_for_app(stranger)
        stranger.get_by_role("button", name="Sign in").click()
        stranger.wait_for_url(f"{provider}/**")
        stranger.fill('input[name="sub"]', sign_in_as_stranger)
        stranger.get_by_role("button", name="Authorize").click()
        stranger.get_by_text("You have not been given access").wait_for(timeout=30_000)
        assert nav_links(stranger) == []

"""Problems in the settings and locality files reach the screen as sentences, never tracebacks."""

from __future__ import annotations

from tests.app.conftest import PAGES, go, open_app, texts, use_settings
from tests.conftest import ROOT


def test_a_bad_settings_file_shows_which_line_to_fix(tmp_path, monkeypatch):
    path = tmp_path / "settings.yaml"
    path.write_text("suppression_threshold: -1\n")
    use_settings(monkeypatch, path)
    try:
        app = open_app()
        assert not app.exception
        assert app.title[0].value == "The app's settings need fixing"
        assert "line 1: 'suppression_threshold' should be a whole number from 1 to 100, not -1" in texts(app)
    finally:
        use_settings(monkeypatch, None)


def test_a_bad_locality_file_is_named_and_every_page_still_works(tmp_path, monkeypatch):
    localities = tmp_path / "localities.yaml"
    localities.write_text("localities: 5\n")
    settings = (ROOT / "config" / "settings.yaml").read_text(encoding="utf-8")
    path = tmp_path / "settings.yaml"
    path.write_text(settings.replace("localities_file: config/localities.yaml", f"localities_file: {localities}"))
    use_settings(monkeypatch, path)
    try:
        app = open_app()
        for page in PAGES:
            go(app, page)
            assert "line 1: 'localities' should be a list" in texts(app), page
    finally:
        use_settings(monkeypatch, None)

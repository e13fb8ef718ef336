"""The Flask application factory."""

from __future__ import annotations

from web import create_app


def test_the_knowledge_base_comes_from_kb_home(monkeypatch, tmp_path):
    monkeypatch.setenv("KB_HOME", str(tmp_path / "env"))
    assert create_app().config["KB_HOME"] == str(tmp_path / "env")
    assert create_app({"KB_HOME": str(tmp_path / "given")}).config["KB_HOME"] == str(
        tmp_path / "given"
    )

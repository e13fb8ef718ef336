"""The web interface: a Flask application over one knowledge base."""

from __future__ import annotations

import os
from collections.abc import Mapping

from flask import Flask


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app; `KB_HOME` (or `test_config["KB_HOME"]`) names the knowledge base."""
    app = Flask(__name__)
    app.config.from_mapping(KB_HOME=os.environ.get("KB_HOME"))
    if test_config:
        app.config.from_mapping(test_config)
    return app

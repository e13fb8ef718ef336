"""The web interface: a Flask application over one knowledge base."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from kb.errors import KbError
from web import context, views

OPTION = re.compile(r"^--(?=\w)")
# Scripts, styles and images only from kb's own files (no inline script, so markup that slipped
# into a note could not run), no plugins, no framing, forms posting only to kb.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def create_app(test_config: Mapping | None = None) -> Flask:
    """Build the app; `KB_HOME` (or `test_config["KB_HOME"]`) names the knowledge base."""
    app = Flask(__name__)
    # KB_POOL: how many open knowledge bases are kept between requests (one per server thread).
    app.config.from_mapping(KB_HOME=os.environ.get("KB_HOME"), KB_POOL=8)
    if test_config:
        app.config.from_mapping(test_config)
    app.json.ensure_ascii = False  # Chinese stays readable in the JSON API
    app.json.sort_keys = False  # fields in the order DESIGN.md gives them
    context.init_app(app)
    app.register_blueprint(views.bp)
    app.register_error_handler(KbError, lambda e: error_response(e.status, str(e)))
    app.register_error_handler(InternalServerError, server_error)
    app.register_error_handler(HTTPException, lambda e: error_response(e.code, e.description))
    app.after_request(secured)
    return app


def secured(response):
    """Every response, pages, API, files and errors alike, with SECURITY_HEADERS."""
    response.headers.update(SECURITY_HEADERS)
    return response


def error_response(status: int, message: str):
    """The error as JSON under /api/, else as a page that helps the reader on."""
    message = OPTION.sub("", message)  # the library's --metric is the parameter metric here
    if request.path.startswith("/api/"):
        return jsonify(status=status, message=message), status
    return render_template("error.html", status=status, message=message), status


def server_error(e: InternalServerError):
    # Flask has logged the exception; the reader gets a page, never a traceback.
    return error_response(500, "Something went wrong on our side; the error has been logged.")

"""The baseline: a bare Flask endpoint answering fixed TwiML, no database work."""

from flask import Flask, Response

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Hi!</Message></Response>'


def create_app() -> Flask:
    """Build the baseline app."""
    app = Flask(__name__)

    @app.post("/sms")
    def sms() -> Response:
        return Response(TWIML, mimetype="text/xml")

    return app

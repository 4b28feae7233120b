"""Webhook mode: a small tornado server that feeds Telegram's POSTs to the Application, plus ``/healthz``.

PTB's own webhook server serves only the update path; ours adds the health check on the same port and
checks the secret token Telegram sends with every update. Tornado is what PTB's ``webhooks`` extra brings.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from typing import Any

import tornado.netutil
import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from bot.health import service_health
from bot.services import Services
from bot.settings import Settings
from handlers.context import SERVICES_KEY

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HEALTH_PATH = "/healthz"
# Telegram's updates are a few kilobytes; anything much larger is not from Telegram.
MAX_BODY_BYTES = 1024 * 1024


class UpdateEndpoint(tornado.web.RequestHandler):
    """``POST <path of WEBHOOK_URL>``: one update from Telegram, accepted only with the right secret."""

    def initialize(self, bot_application: Application, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret.encode()

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret):
            log.warning(
                "webhook: refused a request with %s secret token from %s",
                "a wrong" if given else "no",
                self.request.remote_ip,
            )
            raise tornado.web.HTTPError(403)
        if not self.bot_application.running:
            # Shutting down: Telegram keeps the update and sends it again to the next start.
            raise tornado.web.HTTPError(503)
        try:
            data = json.loads(self.request.body)
            update = Update.de_json(data, self.bot_application.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            raise tornado.web.HTTPError(400)
        await self.bot_application.update_queue.put(update)
        self.set_status(200)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # No HTML error page and no traceback: a status line is all Telegram and scanners get.
        self.finish()


class HealthEndpoint(tornado.web.RequestHandler):
    """``GET /healthz``: 200 with the database and outbox status, or 503 when the bot cannot work."""

    def initialize(self, bot_application: Application) -> None:
        self.bot_application = bot_application

    async def get(self) -> None:
        found = self.bot_application.bot_data.get(SERVICES_KEY)
        healthy, body = await service_health(
            found if isinstance(found, Services) else None,
            queued_updates=self.bot_application.update_queue.qsize(),
        )
        if not self.bot_application.running:
            healthy, body["status"] = False, "stopping"
        self.set_status(200 if healthy else 503)
        self.set_header("Cache-Control", "no-store")
        self.write(body)


def web_app(application: Application, settings: Settings) -> tornado.web.Application:
    """The routes: the webhook path of ``WEBHOOK_URL`` and ``/healthz``."""
    if settings.webhook_secret is None:
        raise ValueError("webhook mode needs WEBHOOK_SECRET")
    return tornado.web.Application(
        [
            (HEALTH_PATH, HealthEndpoint, {"bot_application": application}),
            (
                _route(settings.webhook_path),
                UpdateEndpoint,
                {"bot_application": application, "secret": settings.webhook_secret.get_secret_value()},
            ),
        ],
        log_function=_log_request,
    )


def _route(path: str) -> str:
    # Tornado routes are regular expressions anchored at the end; a trailing slash is optional.
    return re.escape(path.rstrip("/") or "/") + ("/?" if path.rstrip("/") else "")


def _log_request(handler: tornado.web.RequestHandler) -> None:
    status = handler.get_status()
    if status >= 500:
        level = logging.ERROR
    elif status >= 400:
        level = logging.WARNING
    else:
        level = logging.DEBUG  # a line per update or health probe would drown the log
    log.log(
        level,
        "%d %s %s %.1fms",
        status,
        handler.request.method,
        handler.request.path,
        1000 * handler.request.request_time(),
    )


class WebhookServer:
    """The HTTP server of webhook mode, listening on ``WEBHOOK_LISTEN:WEBHOOK_PORT``."""

    def __init__(self, application: Application, settings: Settings) -> None:
        self.settings = settings
        # xheaders: behind a reverse proxy, log the client's address from X-Real-IP / X-Forwarded-For.
        self._server = HTTPServer(web_app(application, settings), xheaders=True, max_body_size=MAX_BODY_BYTES)
        self.port: int | None = None

    async def start(self) -> None:
        """Bind and start answering (port 0 picks a free port, kept in ``self.port``)."""
        sockets = tornado.netutil.bind_sockets(self.settings.webhook_port, self.settings.webhook_listen)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        log.info(
            "webhook: listening on %s:%d, updates at %s, health at %s",
            self.settings.webhook_listen,
            self.port,
            self.settings.webhook_path,
            HEALTH_PATH,
        )

    async def stop(self) -> None:
        """Stop accepting connections and wait for the requests already being answered."""
        self._server.stop()
        await self._server.close_all_connections()

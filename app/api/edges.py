"""What every response carries and what every request passes first: security headers, local API docs, and a
brake on guessing keys."""

import base64
import hashlib
import re
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

SWAGGER = "/static/vendor/swagger-ui"
SWAGGER_JS = f"{SWAGGER}/swagger-ui-bundle-5.35.0.js"
SWAGGER_CSS = f"{SWAGGER}/swagger-ui-5.35.0.css"

UI_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The web UI and everything else: scripts only from this server (no inline script, no third party)."""

COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Security headers on every response; `Cache-Control: no-store` on API answers, which depend on the caller."""

    def __init__(self, app: ASGIApp, docs_policy: str) -> None:
        self.app = app
        self.docs_policy = docs_policy.encode()

    async def __call__(self, scope: Scope, receive: Callable[[], Awaitable[Message]],
                       send: Callable[[Message], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        policy = self.docs_policy if path == "/docs" else UI_POLICY.encode()
        extra = [*COMMON, (b"content-security-policy", policy)]
        if path.startswith("/api/"):
            extra.append((b"cache-control", b"no-store"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *((k, v) for k, v in extra if k not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


def install(app: FastAPI, title: str) -> None:
    """Interactive docs at /docs from this server's own copy of Swagger UI, and the security headers."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title=title, swagger_js_url=SWAGGER_JS,
                               swagger_css_url=SWAGGER_CSS, swagger_favicon_url="/favicon.ico")
    html = bytes(page.body).decode()
    # Swagger UI starts from one inline script: allowed by its hash, nothing else inline.
    hashes = [base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
              for code in re.findall(r"<script>(.*?)</script>", html, flags=re.S)]
    docs_policy = UI_POLICY + "; script-src 'self' " + " ".join(f"'sha256-{h}'" for h in hashes)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html)

    app.add_middleware(SecurityHeaders, docs_policy=docs_policy)


MAX_ADDRESSES = 10_000
"""Addresses tracked before those without a recent failure are forgotten."""


class Throttle:
    """Failed authentications per client address: past `most` in `window` seconds, that address is refused
    (429) until its oldest failure leaves the window."""

    def __init__(self, most: int, window: float) -> None:
        self.most = most
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try again; 0 if it may now."""
        now = time.monotonic()
        with self._lock:
            failures = self._failures.get(address)
            if failures is None:
                return 0
            while failures and failures[0] <= now - self.window:
                failures.popleft()
            if not failures:
                del self._failures[address]
                return 0
            if len(failures) < self.most:
                return 0
            return max(1, int(failures[0] + self.window - now + 0.999))

    def failed(self, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) >= MAX_ADDRESSES:  # forget addresses whose failures have all aged out
                for old in [a for a, f in self._failures.items() if not f or f[-1] <= now - self.window]:
                    del self._failures[old]
            self._failures.setdefault(address, deque()).append(now)

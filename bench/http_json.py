"""A small JSON-over-HTTP client on http.client (no third-party HTTP library), timing every call."""

from __future__ import annotations

import http.client
import json
import time
from typing import Any


class ApiError(RuntimeError):
    def __init__(self, method: str, path: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {path} -> {status}: {body}")
        self.status = status
        self.body = body


class JsonClient:
    """One keep-alive connection (reopened transparently when the server closes it)."""

    def __init__(self, host: str, port: int, timeout: float = 60.0) -> None:
        self._conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.timings: list[tuple[str, float]] = []

    def call(
        self, kind: str, method: str, path: str, body: Any = None, token: str | None = None, expect: int = 200
    ) -> Any:
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        started = time.perf_counter()
        try:
            self._conn.request(method, path, body=payload, headers=headers)
            response = self._conn.getresponse()
            raw = response.read()
        except (http.client.HTTPException, OSError):
            self._conn.close()  # a dropped keep-alive connection: retry once on a new one
            self._conn.request(method, path, body=payload, headers=headers)
            response = self._conn.getresponse()
            raw = response.read()
        self.timings.append((kind, time.perf_counter() - started))
        data = json.loads(raw) if raw else None
        if response.status != expect:
            raise ApiError(method, path, response.status, data)
        return data

    def close(self) -> None:
        self._conn.close()


def get_token(client: JsonClient, username: str, password: str) -> str:
    body = client.call("token", "POST", "/api/v1/token", {"username": username, "password": password})
    return str(body["token"])

"""bench/tickets.py's clients, shared by the other benches: a minimal HTTP/1.1 client
(and httpx's, to compare), SQL connections used from threads, valid NIKs."""

import asyncio
import concurrent.futures
import json
from typing import Any

import psycopg2

from bench._tickets_setup import DB_NAME, PG_DSN


class RawHttp:
    """HTTP/1.1 over asyncio streams, one connection per request (gunicorn's sync
    workers close every connection anyway): the least client CPU per request."""

    def __init__(self, port: int) -> None:
        self.port = port

    async def close(self) -> None:
        pass

    async def request(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, bytes]:
        payload = b"" if body is None else json.dumps(body).encode()
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
            "Connection: close\r\nAccept: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n"
        )
        if payload:
            head += "Content-Type: application/json\r\n"
        if token:
            head += f"Authorization: Token {token}\r\n"
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        try:
            writer.write(head.encode() + b"\r\n" + payload)
            data = await reader.read()  # to EOF: the server closes after the response
        finally:
            writer.close()
        if not data.startswith(b"HTTP/1."):
            raise ConnectionError(f"no HTTP response ({len(data)} bytes)")
        return int(data[9:12]), data.partition(b"\r\n\r\n")[2]


class HttpxHttp:
    def __init__(self, port: int, clients: int) -> None:
        import httpx

        self.client = httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}",
            limits=httpx.Limits(max_connections=clients, max_keepalive_connections=clients),
            timeout=30,
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def request(
        self, method: str, path: str, token: str | None = None, body: Any = None
    ) -> tuple[int, bytes]:
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        response = await self.client.request(method, path, headers=headers, json=body)
        return response.status_code, response.content


class Sql:
    """One autocommit connection per client, used from a thread (never blocks the loop)."""

    def __init__(self, clients: int) -> None:
        self.connections = []
        for _ in range(clients):
            conn = psycopg2.connect(PG_DSN + f" dbname={DB_NAME}")
            conn.autocommit = True
            self.connections.append(conn)
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=clients)

    def _run(self, i: int, sql: str, params: tuple) -> None:
        with self.connections[i].cursor() as cursor:
            cursor.execute(sql, params)

    async def execute(self, i: int, sql: str, *params: Any) -> None:
        await asyncio.get_running_loop().run_in_executor(self.pool, self._run, i, sql, params)

    def expire(self, services: list[int]) -> int:
        """Expire the lines' waiting tickets, refresh statistics, count what still waits."""
        with self.connections[0].cursor() as cursor:
            cursor.execute(
                "UPDATE queues_ticket SET status = 'expired', finished_at = now() "
                "WHERE service_id = ANY(%s) AND status = 'waiting'",
                (services,),
            )
            cursor.execute("ANALYZE queues_ticket")
            cursor.execute("SELECT count(*) FROM queues_ticket WHERE status = 'waiting'")
            return int(cursor.fetchone()[0])

    def close(self) -> None:
        self.pool.shutdown()
        for conn in self.connections:
            conn.close()


def nik(index: int) -> str:
    """A valid NIK (Kota Probolinggo, 35 74 01), unique for index < 3.3 million."""
    serial = index % 9999 + 1
    rest = index // 9999
    day, month = rest % 28 + 1, (rest // 28) % 12 + 1
    return f"357401{day:02d}{month:02d}90{serial:04d}"

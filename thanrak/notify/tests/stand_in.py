"""A local HTTP server standing in for LINE's Messaging API and the SMS gateway (real HTTP).

It records every request (path, headers, body) and answers from a script of status codes; like
LINE, it answers 409 to a push whose X-Line-Retry-Key it accepted before. It keeps connections
alive (HTTP/1.1) and serves each on its own thread, so it answers as fast as the sender asks."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class StandIn:
    requests: list[Seen] = field(default_factory=list)
    script: list[int] = field(default_factory=list)  # status codes to answer next, then 200
    accepted_keys: set[str] = field(default_factory=set)
    base: str = ""

    lock: threading.Lock = field(default_factory=threading.Lock)

    def answer(self, seen: Seen) -> tuple[int, dict]:
        with self.lock:
            self.requests.append(seen)
            return self._answer(seen)

    def _answer(self, seen: Seen) -> tuple[int, dict]:
        key = seen.headers.get("X-Line-Retry-Key")
        if key and key in self.accepted_keys:
            return 409, {"message": "The retry key is already accepted"}
        status = self.script.pop(0) if self.script else 200
        if 200 <= status < 300 and key:
            self.accepted_keys.add(key)
        return status, ({"sentMessages": [{"id": "1"}]} if status < 300 else {"message": "error"})


def start() -> tuple[StandIn, ThreadingHTTPServer]:
    state = StandIn()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as LINE's and the gateway's servers
        disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            seen = Seen(self.path, dict(self.headers.items()), self.rfile.read(length))
            status, body = state.answer(seen)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    return state, server

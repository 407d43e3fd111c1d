"""A loopback web server serving scripted pages: tests/verification and bench/verify.py.

`server.route(path, status=200, body=b"", headers={...}, delay=0, drip=0)` says what
PATH answers; `delay` waits before answering, `drip` sends the body a byte at a time
that many seconds apart. Every request is kept in `server.requests`.
"""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drip: float = 0.0
    length: bool = True  # send Content-Length (else the body ends with the connection)


class PageServer:
    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                server.requests.append({"path": self.path, "headers": self.headers})
                page = server.pages.get(self.path.split("?")[0])
                if page is None:
                    page = Page(404, b"<h1>not found</h1>")
                if page.delay:
                    time.sleep(page.delay)
                self.send_response(page.status)
                headers = {"Content-Type": "text/html; charset=utf-8", **page.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                if page.length and "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(page.body)))
                self.end_headers()
                try:
                    if page.drip:
                        for i in range(len(page.body)):
                            self.wfile.write(page.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(page.drip)
                    else:
                        self.wfile.write(page.body)
                except OSError:  # the client gave up
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_port
        self.origin = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    def route(self, path: str, **page) -> str:
        self.pages[path] = Page(**page)
        return self.origin + path

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

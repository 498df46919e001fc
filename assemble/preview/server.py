"""`assemble preview`: a local web server showing the report, rebuilt whenever a file is saved.

Threads: the HTTP server (one thread per request), a watcher (watchfiles) that asks for a
rebuild, the builder that rebuilds the HTML page, and, with --outputs, a writer keeping
build/*.docx and .pdf current from the latest good build. Pages learn about a new build
from /events (server-sent events) and update in place.
"""
from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from assemble.preview.session import Previewer

WATCHED = ("report.yml", "sections", "footnotes", "templates", "translations")
KEEPALIVE = 15.0  # seconds between comments on /events, so a closed tab frees its thread


class Handler(BaseHTTPRequestHandler):
    server_version = "assemble-preview"
    previewer: Previewer  # set on the class made for each server

    def log_message(self, format, *args):  # noqa: A002 - one line per rebuild is enough
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            rendering = self.previewer.wait_newer(0, timeout=120)
            self._send(rendering.html if rendering else b"the first build is still running", "text/html")
        elif path == "/last-good":
            good = self.previewer.last_good
            self._send(good.html if good else b"no good build yet", "text/html",
                       HTTPStatus.OK if good else HTTPStatus.NOT_FOUND)
        elif path == "/status":
            self._send(json.dumps(self.previewer.status()).encode(), "application/json")
        elif path == "/events":
            self._events()
        else:
            self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, status=HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = 0
        try:
            while not self.server.stopping.is_set():
                rendering = self.previewer.wait_newer(seen, timeout=KEEPALIVE)
                if rendering is None:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    seen = rendering.version
                    self.wfile.write(f"event: build\ndata: {seen}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, previewer: Previewer):
        handler = type("BoundHandler", (Handler,), {"previewer": previewer})
        self.stopping = threading.Event()
        super().__init__(("127.0.0.1", port), handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


def watch(root: Path, wake: threading.Event, stop: threading.Event) -> None:
    """Wake the builder on any change to the report's inputs. report.yml and the folders are
    watched from the report folder itself (not recursively: build/ and a .venv stay out),
    each existing folder recursively; a folder created later is picked up."""
    import watchfiles

    def top_level(change, path: str) -> bool:
        return Path(path).name in WATCHED and Path(path).parent == root

    def folders() -> list[str]:
        return [str(root / name) for name in WATCHED[1:] if (root / name).is_dir()]

    def watch_folders() -> None:
        while not stop.is_set():
            current = folders()
            restart.clear()
            if not current:
                restart.wait(0.5)
                continue
            for _ in watchfiles.watch(*current, stop_event=_either(stop, restart), recursive=True,
                                      debounce=400, step=30, rust_timeout=500, yield_on_timeout=False):
                wake.set()

    restart = threading.Event()
    threading.Thread(target=watch_folders, name="assemble-watch-folders", daemon=True).start()
    for changes in watchfiles.watch(str(root), stop_event=stop, recursive=False, watch_filter=top_level,
                                    debounce=400, step=30, rust_timeout=500, yield_on_timeout=False):
        if any(Path(path).name != "report.yml" for _, path in changes):
            restart.set()  # a folder appeared or went: watch the new set
        wake.set()


class _either:
    """An event that is set when either of two is (watchfiles only checks is_set())."""

    def __init__(self, a: threading.Event, b: threading.Event):
        self.a, self.b = a, b

    def is_set(self) -> bool:
        return self.a.is_set() or self.b.is_set()


def build_loop(previewer: Previewer, wake: threading.Event, stop: threading.Event, report_line) -> None:
    while not stop.is_set():
        if not wake.wait(timeout=0.5):
            continue
        wake.clear()
        report_line(previewer.rebuild())


def outputs_loop(previewer: Previewer, stop: threading.Event, report_line) -> None:
    while not stop.is_set():
        pending = previewer.next_report(stop)
        if pending is not None:
            previewer.write_outputs(*pending)
            report_line(previewer.outputs)


def run(root: Path, port: int, lang: str | None, allow_missing: bool, open_browser: bool,
        outputs: tuple[str, ...], echo) -> None:
    """Serve until Ctrl-C; `echo` prints one line (the URL, each rebuild, the stop)."""
    import time
    import webbrowser

    from assemble.problems import BuildError, Problem

    previewer = Previewer(root, lang, allow_missing, outputs)
    try:
        server = PreviewServer(port, previewer)
    except OSError as exc:
        raise BuildError([Problem("--port", None, f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}",
                                  hint="pick another port with --port (0 picks a free one)")]) from None
    stop, wake = threading.Event(), threading.Event()
    wake.set()  # the first build

    def line(result) -> None:
        stamp = time.strftime("%H:%M:%S")
        if hasattr(result, "ok"):
            if result.ok:
                warnings = len(result.problems)
                echo(f"{stamp} built in {result.seconds:.2f}s"
                     + (f" ({warnings} warning{'s' if warnings != 1 else ''}, listed in the page)" if warnings else ""))
            else:
                count = len(result.problems)
                echo(f"{stamp} {count} problem{'s' if count != 1 else ''}, shown in the page; the first: "
                     f"{result.problems[0]}")
        elif result.error:
            echo(f"{stamp} {'/'.join(outputs).upper()} not written: {result.error}")
        else:
            echo(f"{stamp} wrote {', '.join(str(p.relative_to(root)) if p.is_relative_to(root) else str(p) for p in result.paths)} "
                 f"in {result.seconds:.2f}s")

    workers = [threading.Thread(target=build_loop, args=(previewer, wake, stop, line), daemon=True),
               threading.Thread(target=watch, args=(root.resolve(), wake, stop), daemon=True)]
    if outputs:
        workers.append(threading.Thread(target=outputs_loop, args=(previewer, stop, line), daemon=True))
    for worker in workers:
        worker.start()
    echo(f"assemble preview: {server.url} (Ctrl-C stops)")
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping.set()
        server.server_close()
    echo("assemble preview stopped")

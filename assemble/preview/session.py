"""What `assemble preview` keeps between builds, and one rebuild.

The preview process keeps the parse cache (only an edited section is parsed again) and, when
it also writes the DOCX and PDF, one Typst session (an edit is laid out again, not the whole
report). Each rebuild gives a Rendering: the report page, or the page listing the problems
while the last good report stays one click away.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from assemble.parse.cache import disk_cache
from assemble.problems import BuildError, Problem, Problems, problem_of


@dataclass
class Rendering:
    version: int
    ok: bool
    html: bytes  # the report page, or the problems page when not ok
    problems: list[Problem] = field(default_factory=list)  # errors (not ok) or warnings (ok)
    seconds: float = 0.0
    finished: float = 0.0  # time.time() when it was ready


@dataclass
class Outputs:
    """The background DOCX and PDF: which build they show, and the last failure if any."""

    version: int = 0  # the report version the files on disk were made from
    paths: list[Path] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


class Previewer:
    def __init__(self, root: Path, lang: str | None = None, allow_missing: bool = False,
                 outputs: tuple[str, ...] = ()):
        self.root = root
        self.lang = lang
        self.allow_missing = allow_missing
        self.formats = list(outputs)
        self.parse_cache = disk_cache(root)
        self.changed = threading.Condition()
        self.current: Rendering | None = None
        self.last_good: Rendering | None = None
        self.outputs = Outputs()
        self._version = 0
        self._typst = None
        self._pending_report = None  # (version, report) waiting for the outputs thread
        self.fragments: dict = {}  # each section's HTML by a hash of its data (render_html)

    # ---- the report page ------------------------------------------------------------
    def rebuild(self) -> Rendering:
        """Read, check and render the HTML; never raises for a problem in the report."""
        from assemble.build import read_report
        from assemble.render.html import render_html

        from assemble.preview.pages import problems_page, with_preview

        started = time.perf_counter()
        problems = Problems(self.root)
        self._version += 1
        version = self._version
        report = None
        try:
            _, report = read_report(self.root, problems, self.lang, self.allow_missing,
                                    parse_cache=self.parse_cache)
            page = render_html(report, self.root, self.fragments)
            rendering = Rendering(version, True, page, problems.warnings)
            self.parse_cache.save()  # a later `assemble build` starts from these sections too
        except BuildError as exc:
            rendering = Rendering(version, False, b"", list(exc.problems))
        except Exception as exc:  # a fault of the machine as one sentence; an assemble bug shown, never fatal
            known = problem_of(exc, self.root)
            rendering = Rendering(version, False, b"", [known or Problem(
                "assemble", None, f"internal error: {type(exc).__name__}: {exc}",
                hint="please report it; set ASSEMBLE_DEBUG=1 to see details in the terminal")])
            import os

            if os.environ.get("ASSEMBLE_DEBUG"):
                import traceback

                traceback.print_exc()
        rendering.seconds = time.perf_counter() - started
        rendering.finished = time.time()
        if rendering.ok:
            rendering.html = with_preview(rendering.html, rendering)
        else:
            rendering.html = problems_page(rendering, has_last_good=self.last_good is not None)
        with self.changed:
            self.current = rendering
            if rendering.ok:
                self.last_good = rendering
                if self.formats:
                    self._pending_report = (version, report)
            self.changed.notify_all()
        return rendering

    # ---- DOCX and PDF in the background -----------------------------------------------
    def next_report(self, stop: threading.Event):
        """Block until a good build newer than the files on disk exists; (version, report)."""
        with self.changed:
            while self._pending_report is None and not stop.is_set():
                self.changed.wait(timeout=0.5)
            pending, self._pending_report = self._pending_report, None
            return pending

    def write_outputs(self, version: int, report) -> None:
        from assemble.build import output_stem, render
        from assemble.output import write_all_atomic

        started = time.perf_counter()
        if "pdf" in self.formats and self._typst is None:
            from assemble.render.pdf.compile import TypstSession

            self._typst = TypstSession()  # its compiler keeps the last layout for the next edit
        try:
            results = render(report, self.root, self.formats, typst_session=self._typst)
            stem = output_stem(report)
            files = {self.root / "build" / f"{stem}.{fmt}": results[fmt] for fmt in self.formats}
            write_all_atomic(files, root=self.root)  # both new, or both as they were
            paths = list(files)
            outputs = Outputs(version, paths, "", time.perf_counter() - started)
        except BuildError as exc:
            outputs = Outputs(self.outputs.version, self.outputs.paths, str(exc.problems[0]),
                              time.perf_counter() - started)
        except Exception as exc:
            known = problem_of(exc, self.root)
            outputs = Outputs(self.outputs.version, self.outputs.paths,
                              str(known) if known else f"internal error: {type(exc).__name__}: {exc}",
                              time.perf_counter() - started)
        with self.changed:
            self.outputs = outputs
            self.changed.notify_all()

    def close(self) -> None:
        if self._typst is not None:
            self._typst.close()

    # ---- for the server -------------------------------------------------------------
    def status(self) -> dict:
        """What /status answers (tests and benchmarks wait on it)."""
        with self.changed:
            current, outputs = self.current, self.outputs
        return {"version": current.version if current else 0, "ok": bool(current and current.ok),
                "seconds": current.seconds if current else None,
                "problems": [str(p) for p in current.problems] if current else [],
                "outputs": {"version": outputs.version, "paths": [str(p) for p in outputs.paths],
                            "error": outputs.error, "seconds": outputs.seconds}}

    def wait_newer(self, version: int, timeout: float) -> Rendering | None:
        """The current rendering once it is newer than `version` (None on timeout)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.current is None or self.current.version <= version:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.changed.wait(timeout=left)
            return self.current

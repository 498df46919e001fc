"""`assemble preview` on a copy of the demo: served over HTTP, rebuilt after an edit with the same
numbering, problems shown with file:line while the last good page stays one click away, the
DOCX and PDF kept current, Ctrl-C stops it with one line; and a real Chromium following links
and seeing the page change without a reload."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from test_html import find, parse, text

DEMO = Path(__file__).resolve().parent.parent
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
MARK = "Preview test paragraph with"


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of the demo report (the repository's own report.yml, sections/, footnotes/)."""
    target = tmp_path / "demo"
    target.mkdir()
    shutil.copy(DEMO / "report.yml", target / "report.yml")
    for folder in ("sections", "footnotes"):
        shutil.copytree(DEMO / folder, target / folder)
    # A paragraph of our own, so the tests do not depend on the demo's wording.
    path = target / "sections" / "art-21.md"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{MARK} original wording.\n",
                    encoding="utf-8")
    return target


class Preview:
    def __init__(self, root: Path, *args: str):
        self.root = root
        self.process = subprocess.Popen([sys.executable, "-m", "assemble", "preview", "--root", str(root),
                                         "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)
        first = self.process.stdout.readline()
        assert first.startswith("assemble preview: http://127.0.0.1:"), first + self.process.stderr.read()
        self.url = first.split()[2]
        self.wait(lambda s: s["version"] >= 1)

    def get(self, path: str = "") -> bytes:
        with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=60) as response:
            return response.read()

    def status(self) -> dict:
        return json.loads(self.get("status"))

    def wait(self, condition, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if condition(status):
                return status
            time.sleep(0.1)
        raise AssertionError(f"preview did not get there: {self.status()}")

    def edit(self, relative: str, old: str, new: str) -> int:
        """Edit a file as an editor saves it; the version the preview had before."""
        version = self.status()["version"]
        path = self.root / relative
        content = path.read_text(encoding="utf-8")
        assert old in content, old
        path.write_text(content.replace(old, new, 1), encoding="utf-8")
        return version

    def stop(self) -> tuple[str, str, int]:
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=30)
        return out, err, self.process.returncode


@pytest.fixture
def preview(demo):
    running = []

    def start(*args):
        running.append(Preview(demo, *args))
        return running[-1]

    yield start
    for p in running:
        if p.process.poll() is None:
            p.process.kill()
            p.process.communicate()


def numbered(page: bytes) -> list[tuple[str, str]]:
    tree, _ = parse(page)
    return [(text(p.find("span")), text(p)) for p in find(tree, "p", "numbered")]


def test_an_edit_shows_in_the_next_page_with_the_same_numbers(demo, preview):
    server = preview()
    before = numbered(server.get())
    assert [marker for marker, _ in before] == [f"{n}." for n in range(1, len(before) + 1)]
    target = next(t for _, t in before if MARK in t)
    version = server.edit("sections/art-21.md", "original wording", "edited wording")
    server.wait(lambda s: s["version"] > version)
    after = numbered(server.get())
    assert [m for m, _ in after] == [m for m, _ in before]
    changed = [(b, a) for b, a in zip(before, after) if b != a]
    assert changed == [((target[:target.index(" ")], target),
                        (target[:target.index(" ")], target.replace("original wording", "edited wording")))]
    out, err, code = server.stop()
    assert code == 0 and "Traceback" not in err + out
    assert out.strip().splitlines()[-1] == "assemble preview stopped"


def test_a_broken_section_shows_file_and_line_in_the_page(demo, preview):
    server = preview()
    good = server.get()
    path = demo / "sections" / "art-21.md"
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if MARK in t)
    version = server.edit("sections/art-21.md", "original wording", "original wording[@no-such-source]")
    status = server.wait(lambda s: s["version"] > version)
    assert not status["ok"]
    page = server.get().decode()
    tree, errors = parse(page.encode())
    assert errors == []
    problems = [text(li) for li in tree.iter("li")]
    assert any(p.startswith(f"sections/art-21.md:{line}: error: unknown citation key '@no-such-source'")
               for p in problems), problems
    last_good = next(a for a in tree.iter("a") if a.get("id") == "last-good")
    assert numbered(server.get(last_good.get("href"))) == numbered(good)
    version = server.edit("sections/art-21.md", "[@no-such-source]", "")
    assert server.wait(lambda s: s["version"] > version)["ok"]
    assert numbered(server.get()) == numbered(good)


def test_outputs_follow_the_edits(demo, preview):
    server = preview("--outputs", "docx,pdf")
    status = server.wait(lambda s: s["outputs"]["version"] >= 1, timeout=180)
    paths = [Path(p) for p in status["outputs"]["paths"]]
    assert [p.suffix for p in paths] == [".docx", ".pdf"] and all(p.parent == demo / "build" for p in paths)
    version = server.edit("sections/art-21.md", "original wording", "edited wording")
    server.wait(lambda s: s["outputs"]["version"] > version, timeout=180)
    from docxread import Docx, text_of
    from pdfread import Pdf, squash

    assert any("edited wording" in text_of(p) for p in Docx(paths[0]).body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
    assert squash("edited wording") in squash(Pdf(paths[1]).body_text())


def test_a_port_in_use_is_one_clear_line(demo):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "assemble", "preview", "--root", str(demo), "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0].startswith(f"--port: error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr


# ---- a real browser ---------------------------------------------------------------------------

def chromium_driver():
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (the test extra)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1000,800"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)


def test_a_browser_follows_links_and_sees_an_edit_without_reloading(demo, preview):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium_driver()
    try:
        server = preview()
        driver.get(server.url)
        call = driver.find_element(By.CSS_SELECTOR, "a.note-call")
        number = call.text
        call.click()
        target = driver.execute_script("return document.querySelector(':target')")
        assert target.get_attribute("id") == f"fn-{number}" and target.is_displayed()
        driver.find_element(By.CSS_SELECTOR, f"#fn-{number} a.note-back").click()
        assert driver.execute_script("return location.hash") == f"#fnref-{number}"
        xref = driver.find_element(By.CSS_SELECTOR, "a.xref")
        wanted = xref.get_attribute("href").split("#", 1)[1]
        xref.click()
        assert driver.execute_script("return document.querySelector(':target').id") == wanted
        driver.execute_script("window.assembleMarker = 42; window.scrollTo(0, 1500)")
        y = driver.execute_script("return window.scrollY")
        server.edit("sections/art-21.md", "original wording", "edited wording")
        WebDriverWait(driver, 60).until(lambda d: "edited wording" in d.find_element(By.TAG_NAME, "main").text)
        assert driver.execute_script("return window.assembleMarker") == 42  # the same page, not a reload
        assert abs(driver.execute_script("return window.scrollY") - y) < 40
    finally:
        driver.quit()


def test_a_fault_of_the_machine_while_writing_outputs_is_one_sentence(demo, preview):
    """The preview reports a fault as `assemble build` does (one sentence naming the file), never
    as "internal error": here build/ is a file, so the DOCX cannot be written."""
    (demo / "build").write_text("not a folder")
    running = preview("--outputs", "docx")
    status = running.wait(lambda s: s["outputs"]["error"])
    assert status["outputs"]["error"] == ("build: error: a file is in the way where a folder is needed (move or "
                                          "rename the file)")
    assert (demo / "build").read_text() == "not a folder"
    out, err, code = running.stop()
    assert "internal error" not in out + err and code == 0, out + err

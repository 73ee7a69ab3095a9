"""The editors' tools under races, kills and hostile files (issue 26):

- `clay check --fix` replaces a file only if it is unchanged since it was read;
- `clay new meeting --image` and `clay import` read regular files only, their size checked
  before a byte is read (a FIFO, /dev/zero or a 3 GB file is refused at once);
- `clay import` killed (-9) at any moment leaves all or nothing: the next `clay import` ends
  with exactly what an uninterrupted one writes, and `clay check` reports what is left;
- a full disk (a file-size limit) is one line in the build and in every `clay` command.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import docx
import pytest
from PIL import Image

from clay_plugins import l10n, regular
from clay_plugins.cli import check as check_cmd
from clay_plugins.cli import main
from clay_plugins.cli.site import load_site
from clay_plugins.content import leftovers, typography
from clay_plugins.content.site import load_content
from tests import photos
from tests.fixtures.meetings.support import corpus_site, report
from tests.sitebuild import REPO, BuildFailed, build_site, make_site

ENV = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1",
       "CLAY_CACHE_DIR": ""}


def run_clay(args: list[str], *, fsize: int | None = None,
             timeout: float = 120) -> subprocess.CompletedProcess[str]:
    script = "import sys\n"
    if fsize is not None:
        script += ("import resource\n"
                   f"resource.setrlimit(resource.RLIMIT_FSIZE, ({fsize}, {fsize}))\n")
    # the messages in English, which the assertions read (the default is the site's, ro)
    args = [args[0], "--lang", "en", *args[1:]] if args[0] != "new" else [
        *args[:2], "--lang", "en", *args[2:]]
    script += f"from clay_plugins.cli import main\nsys.exit(main({args!r}))\n"
    return subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True,
                          text=True, timeout=timeout)


def codes(cfg: Path) -> list[tuple[str, str]]:
    content = load_content(load_site(cfg))
    return [(f.path, f.code) for f in content.findings]


# -- `clay check --fix` and an editor's save


@pytest.mark.parametrize("how", ["longer", "same-size-same-mtime", "replaced-by-rename"])
def test_fix_keeps_a_save_made_while_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    cfg = make_site(tmp_path / "site", {"a.md": "Şedinţa 1.\n", "b.md": "Şedinţa 2.\n"})
    docs = cfg.parent / "docs"
    saved = {"longer": "Şedinţa 1, salvată de editor.\n",
             "same-size-same-mtime": "Şedinţa X.\n",
             "replaced-by-rename": "Şedinţa 1.\n"}[how]
    real_fix = typography.fix

    def fix_and_save(text: str, shown: str, **kw: bool) -> object:
        result = real_fix(text, shown, **kw)
        if shown.endswith("a.md"):  # the editor saves a.md after --fix has read it
            target = docs / "a.md"
            before = target.stat()
            if how == "replaced-by-rename":  # as editors save: a new file renamed over it
                (docs / "a.tmp").write_text(saved, encoding="utf-8")
                os.replace(docs / "a.tmp", target)
            else:
                target.write_text(saved, encoding="utf-8")
            if how == "same-size-same-mtime":
                os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
                assert target.stat().st_size == before.st_size
        return result

    monkeypatch.setattr(check_cmd.typography, "fix", fix_and_save)
    result, _ = check_cmd.run(load_site(cfg), fix=True)
    assert (docs / "a.md").read_text(encoding="utf-8") == saved
    assert (docs / "b.md").read_text(encoding="utf-8") == "Ședința 2.\n"
    changed = [f for f in result.findings if f.code == "fix.changed"]
    assert [f.path for f in changed] == ["docs/a.md"]
    assert "changed while fixing, run again" in str(changed[0])
    assert not list(docs.glob(".*.clay-tmp"))


def test_fix_of_a_photo_keeps_a_photo_saved_while_it_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clay_plugins.cli import photos as cli_photos

    cfg = corpus_site(tmp_path / "site", extra={"meetings/2022-05-10-gps.md": report(
        title="GPS", summary="Rezumat.", date="2022-05-10", format="online", platform="Zoom",
        image="2022-05-10-gps.jpg", image_alt="Sala")})
    photo = cfg.parent / "docs" / "meetings" / "2022-05-10-gps.jpg"
    photo.write_bytes(photos.jpeg_with_gps((800, 600)))
    replacement = photos.jpeg_with_gps((640, 480))
    real = cli_photos.images.clean_copy

    def clean_and_save(data: bytes, **kw: object) -> tuple[bytes, str]:
        out = real(data, **kw)  # type: ignore[arg-type]
        photo.write_bytes(replacement)  # the editor puts another photo there meanwhile
        return out

    monkeypatch.setenv("CLAY_CACHE_DIR", "")
    monkeypatch.setattr(cli_photos.images, "clean_copy", clean_and_save)
    result, _ = check_cmd.run(load_site(cfg), fix=True)
    assert photo.read_bytes() == replacement
    assert ("docs/meetings/2022-05-10-gps.jpg", "fix.changed") in [
        (f.path, f.code) for f in result.findings]


# -- files that are not regular files


def _fifo(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def test_new_image_and_import_refuse_a_fifo_and_a_device_at_once(tmp_path: Path) -> None:
    cfg = make_site(tmp_path / "site", {})
    for source in (_fifo(tmp_path, "poza.jpg"), Path("/dev/zero")):
        new = run_clay(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date",
                       "2024-01-02",
                        "--title", "Test", "--format", "online", "--platform", "Zoom",
                        "--image", str(source)], timeout=60)
        assert new.returncode == 1 and "Traceback" not in new.stderr
        assert "not a regular file" in new.stderr, new.stderr
        assert len(new.stderr.strip().splitlines()) == 1
    for source in (_fifo(tmp_path, "raport.docx"), Path("/dev/zero")):
        imported = run_clay(["import", "--config", str(cfg), str(source)], timeout=60)
        assert imported.returncode == 1 and "Traceback" not in imported.stderr
        assert "not a regular file" in imported.stderr, imported.stderr
        assert len(imported.stderr.strip().splitlines()) == 1
    assert not (cfg.parent / "docs" / "meetings").exists()


def test_a_huge_file_is_refused_before_a_byte_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", {})
    huge = tmp_path / "huge.jpg"
    with open(huge, "wb") as f:  # 3 GB, sparse: nothing to write, everything to read
        f.truncate(3 * 1024 ** 3)

    def no_read(*args: object) -> bytes:
        raise AssertionError("a byte was read")

    monkeypatch.setattr(regular.os, "read", no_read)
    assert main(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date", "2024-01-02",
                "--title",
                 "Test", "--format", "online", "--platform", "Zoom", "--image", str(huge)]) == 1
    assert "larger than the 64 MB allowed" in capsys.readouterr().err
    docx_file = huge.rename(tmp_path / "huge.docx")
    assert main(["import", "--lang", "en", "--config", str(cfg), str(docx_file)]) == 1
    assert "larger than the 20 MB allowed" in capsys.readouterr().err


def test_regular_read_refuses_a_file_that_grows_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert regular.read(path, 10) == b"x" * 10
    with pytest.raises(regular.Refused):
        regular.read(path, 9)
    with pytest.raises(regular.Refused):
        regular.read(tmp_path, 9)  # a folder


# -- `clay import` killed at any moment

STEM = "2019-04-22-a-doua-intalnire-a-grupului-de-lucru-la"  # cut at importer.NAME_MAX


# python-docx's template defines every built-in style of Word (12,000 XML elements, which the
# importer's parser reads on every import: 0.17 s); Word writes a new document's styles.xml with
# the few it uses
USED_STYLES = {"Normal", "Title", "Title Char", "Default Paragraph Font", "Normal Table",
               "No List"}


def three_photo_docx(path: Path, *, large: bool = False) -> None:
    document = docx.Document()
    for style in list(document.styles):
        if style.name not in USED_STYLES:
            style.element.getparent().remove(style.element)
    latent = document.styles.latent_styles.element
    latent.getparent().remove(latent)
    document.add_paragraph("A doua întâlnire a grupului de lucru, la Horezu", style="Title")
    document.add_paragraph("Horezu, 22 aprilie 2019")
    for i, colour in enumerate(((200, 30, 30), (30, 200, 30), (30, 30, 200))):
        document.add_paragraph(f"Fotografia {i + 1}.")
        out = io.BytesIO()
        Image.new("RGB", (320, 240), colour).save(out, "JPEG")
        image = path.parent / f"p{i}.jpg"
        image.write_bytes(photos.plain_jpeg((1600, 1200), shade=i * 80) if large
                          else out.getvalue())
        document.add_picture(str(image))
        document.inline_shapes[i]._inline.docPr.set("descr", f"Fotografia {i + 1}")
    document.save(str(path))


FORK_SERVER = """
import json, os, signal, sys, threading
from clay_plugins.cli import main
assert threading.active_count() == 1, "fork() would copy one thread of several"
for line in sys.stdin:
    request = json.loads(line)
    count, count_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child goes on below the loop
        break
    os.close(count_w)
    returncode = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    with open(count) as reported:
        number = reported.read()
    print(json.dumps({"log": request["log"], "returncode": returncode,
                      "calls": int(number) if number else None}), flush=True)
else:
    sys.exit()
# the child: stdin, stdout and stderr away from the pipes before a call is counted
os.close(count)
null = os.open(os.devnull, os.O_RDONLY)
log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
for fd, standard in ((null, 0), (log, 1), (log, 2)):
    os.dup2(fd, standard)
os.close(null)
os.close(log)
limit, args = request["limit"], request["args"]
calls = 0
def counted(real):
    def call(*a, **k):
        global calls
        calls += 1
        if calls == limit:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*a, **k)
    return call
for name in ("open", "link", "replace", "rename", "unlink", "rmdir", "mkdir", "fsync",
             "write", "chmod", "fchmod"):
    setattr(os, name, counted(getattr(os, name)))
code = main(args)
with open(count_w, "w") as report:
    report.write(str(calls))
sys.exit(code)
"""


class Ran(NamedTuple):
    returncode: int  # negative: the signal that ended it
    calls: int | None  # the file-system calls it made, if it ended by itself
    output: str


class ForkServer:
    """`clay_plugins.cli` imported once, then `main(args)` in a fork of that process per
    request, with `os`'s file-system calls counted and a SIGKILL at call `limit` (0: never).

    A fork starts as a fresh `python -c` would after the import: the counting begins in the
    child, and nothing of `main` ran in the server. The server reads requests on its stdin and
    answers on its stdout, one line each, in order; each child writes its output to the
    request's log and has neither pipe. The pipes are unbuffered on this side, so that `select`
    sees every answer not yet read.
    """

    def __init__(self, process: subprocess.Popen[bytes], errors: Path) -> None:
        self.process, self.errors = process, errors

    def send(self, limit: int, args: list[str], log: Path) -> None:
        """A request; several may wait, each child starts when the one before it has ended."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"limit": limit, "args": args, "log": str(log)})
                                 .encode() + b"\n")

    def answer(self, log: Path, timeout: float = 120) -> Ran:
        """How the request that writes `log` ended (answers to requests no one waits for any
        more, those of a test that failed, are passed over)."""
        assert self.process.stdout is not None
        while True:
            ready, _, _ = select.select([self.process.stdout], [], [], timeout)
            line = self.process.stdout.readline() if ready else b""
            assert line, ("the fork server did not answer", self.errors.read_text())
            reply = json.loads(line)
            if reply["log"] == str(log):
                return Ran(reply["returncode"], reply["calls"], log.read_text(errors="replace"))

    def run(self, limit: int, args: list[str], log: Path) -> Ran:
        self.send(limit, args, log)
        return self.answer(log)


@pytest.fixture(scope="module")
def fork_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ForkServer]:
    """The server in a session of its own: ending it ends any child that outlived a timeout."""
    errors = tmp_path_factory.mktemp("fork-server") / "errors.log"
    with errors.open("w") as stderr, subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER], env=ENV, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=stderr, bufsize=0, start_new_session=True) as process:
        try:
            yield ForkServer(process, errors)
        finally:
            os.killpg(process.pid, signal.SIGKILL)  # before the wait, the group still exists


def import_args(cfg: Path, source: Path) -> list[str]:
    return ["import", "--config", str(cfg), str(source)]


def folder_state(meetings: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in meetings.iterdir() if p.is_file()} \
        if meetings.exists() else {}


def check_all_or_nothing(cfg: Path, source: Path, expected: dict[str, bytes],
                         moment: str) -> None:
    """The state a kill left, then what `clay check` and the next `clay import` make of it."""
    meetings = cfg.parent / "docs" / "meetings"
    state = {n: d for n, d in folder_state(meetings).items() if not n.endswith(".clay-tmp")}
    stagings = [p for p in meetings.glob(f"*{leftovers.TEMPORARY}")] if meetings.exists() else []
    placed_by_staging = {p.name for s in stagings if s.is_dir() for p in leftovers.orphans(s)}
    if f"{STEM}.md" in state:  # all: the report and every image, exactly
        assert state == expected, moment
    else:  # nothing, apart from what the temporary folder placed (the next import removes it)
        assert set(state) <= placed_by_staging, moment
    found = codes(cfg)
    temporary = [p for p in (cfg.parent / "docs").rglob(f".*{leftovers.TEMPORARY}")
                 if not p.parent.name.endswith(leftovers.TEMPORARY)]  # a folder is one finding
    for leftover in temporary:
        shown = leftover.relative_to(cfg.parent).as_posix()
        assert (shown, "file.temporary") in found, (moment, shown, found)
    main(import_args(cfg, source))
    assert folder_state(meetings) == expected, moment
    assert not list(meetings.glob(f"*{leftovers.TEMPORARY}"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory,
             fork_server: ForkServer) -> tuple[Path, dict[str, bytes], int]:
    """The source, what an uninterrupted import writes, and how many file-system calls it
    makes (the moments to kill it at)."""
    root = tmp_path_factory.mktemp("import")
    source = root / "raport.docx"
    three_photo_docx(source)
    cfg = make_site(root / "site", {})
    done = fork_server.run(0, import_args(cfg, source), root / "clay.log")
    assert done.returncode == 0 and done.calls is not None, done.output
    expected = folder_state(cfg.parent / "docs" / "meetings")
    # the report, its translation (clay import writes one per other language) and the photos
    assert sorted(expected) == [f"{STEM}-1.jpg", f"{STEM}-2.jpg", f"{STEM}-3.jpg",
                                f"{STEM}.en.md", f"{STEM}.md"]
    return source, expected, done.calls


@pytest.mark.slow
def test_import_killed_at_many_file_system_calls_leaves_all_or_nothing(
        tmp_path: Path, imported: tuple[Path, dict[str, bytes], int],
        fork_server: ForkServer) -> None:
    source, expected, calls = imported
    assert calls >= 20
    kinds = {"all": 0, "nothing": 0}
    # every call near the end (where the files are placed), a sample of the writes before
    moments = sorted({*range(1, calls - 10, max(1, calls // 6)), *range(calls - 10, calls + 1)})
    sites = {moment: make_site(tmp_path / f"site-{moment}", {}) for moment in moments}
    logs = {moment: tmp_path / f"clay-{moment}.log" for moment in moments}
    # all sent at once: the server runs the next import (one at a time, as before) while this
    # one's state is checked, which begins only once this one is dead
    for moment in moments:
        fork_server.send(moment, import_args(sites[moment], source), logs[moment])
    for moment in moments:
        cfg = sites[moment]
        done = fork_server.answer(logs[moment])
        assert done.returncode == -signal.SIGKILL, (moment, done.output)
        report_there = (cfg.parent / "docs" / "meetings" / f"{STEM}.md").exists()
        kinds["all" if report_there else "nothing"] += 1
        check_all_or_nothing(cfg, source, expected, f"killed at call {moment}")
    assert kinds["all"] >= 1 and kinds["nothing"] >= 4


@pytest.mark.slow
def test_import_killed_by_the_clock(
        tmp_path: Path, imported: tuple[Path, dict[str, bytes], int]) -> None:
    """Real kills at moments the import does not choose: fresh processes, each into a site of
    its own, run side by side and each killed at its delay from its own start."""
    source, expected, _ = imported
    # spread over a whole import's run (about 0.5 s alone on a quiet 2-core machine, twice that
    # four at once), ascending: each kill waits for the one before
    delays = (0.25, 0.4, 0.65, 1.0)
    sites = [make_site(tmp_path / f"site-{i}", {}) for i in range(len(delays))]
    started: list[tuple[subprocess.Popen[bytes], float]] = []
    try:
        for cfg in sites:
            script = ("import sys\nfrom clay_plugins.cli import main\n"
                      f"sys.exit(main({import_args(cfg, source)!r}))\n")
            process = subprocess.Popen([sys.executable, "-c", script], env=ENV,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            started.append((process, time.monotonic()))
        for (process, start), delay in zip(started, delays, strict=True):
            time.sleep(max(0.0, start + delay - time.monotonic()))
            process.kill()
    finally:
        for process, _ in started:
            process.kill()
            process.wait(timeout=60)
    for cfg, delay in zip(sites, delays, strict=True):
        check_all_or_nothing(cfg, source, expected, f"killed after {delay} s")


def test_leftovers_are_reported_by_check_and_the_build(tmp_path: Path) -> None:
    cfg = corpus_site(tmp_path / "site")
    meetings = cfg.parent / "docs" / "meetings"
    (meetings / ".2021-03-01-x.md.abc123.clay-tmp").write_text("half", encoding="utf-8")
    staging = meetings / ".2021-05-05-y.k2j3.clay-tmp"
    staging.mkdir()
    (staging / "2021-05-05-y-1.jpg").write_bytes(b"photo")
    os.link(staging / "2021-05-05-y-1.jpg", meetings / "2021-05-05-y-1.jpg")
    found = codes(cfg)
    for path in (".2021-03-01-x.md.abc123.clay-tmp", ".2021-05-05-y.k2j3.clay-tmp",
                 "2021-05-05-y-1.jpg"):
        assert (f"docs/meetings/{path}", "file.temporary") in found
    done = run_clay(["check", "--config", str(cfg)])
    assert done.returncode == 1 and "file.temporary" not in done.stderr
    assert "docs/meetings/.2021-05-05-y.k2j3.clay-tmp: an interrupted `clay import`" \
        in done.stdout
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert ".2021-03-01-x.md.abc123.clay-tmp" in failed.value.text


# -- a full disk


def test_a_full_disk_is_one_line_in_every_clay_command(tmp_path: Path) -> None:
    cfg = make_site(tmp_path / "site", {"mare.md": "Şedinţa " + "text lung " * 2000 + "\n"})
    source = tmp_path / "raport.docx"
    three_photo_docx(source, large=True)
    big_photo = tmp_path / "poza.jpg"
    big_photo.write_bytes(photos.jpeg_with_gps((2400, 1800), gps=False))
    runs = {
        "check --fix": run_clay(["check", "--config", str(cfg), "--fix"], fsize=4096),
        "import": run_clay(import_args(cfg, source), fsize=4096),
        "new --image": run_clay(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date",
                                 "2024-01-02", "--title", "Test", "--format", "online",
                                 "--platform", "Zoom", "--image", str(big_photo)],
                                fsize=4096),
    }
    for name, done in runs.items():
        assert done.returncode == 1, (name, done.stderr)
        assert "Traceback" not in done.stderr + done.stdout, name
        assert "larger than the system allows" in done.stderr + done.stdout, (name, done.stderr)
    meetings = cfg.parent / "docs" / "meetings"
    assert not meetings.exists() or not [p for p in meetings.rglob("*")
                                         if p.name != "index.md"]


def test_a_full_disk_is_one_line_in_the_build(tmp_path: Path) -> None:
    """The photo writer (and every other write of the build) past a file-size limit: one line
    naming the file, no traceback."""
    cfg = corpus_site(tmp_path / "site", extra={"meetings/2022-05-10-mare.md": report(
        title="Mare", summary="Rezumat.", date="2022-05-10", format="online", platform="Zoom",
        image="2022-05-10-mare.jpg", image_alt="Sala")})
    (cfg.parent / "docs" / "meetings" / "2022-05-10-mare.jpg").write_bytes(
        photos.jpeg_with_gps((2400, 1800), gps=False))
    for limit in (400_000, 60_000, 3_000):
        script = ("import resource, sys\n"
                  f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
                  "from mkdocs.__main__ import cli\n"
                  f"sys.argv = ['mkdocs', 'build', '--strict', '-q', '-f', {str(cfg)!r}]\n"
                  "cli()\n")
        done = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True,
                              text=True, timeout=300, cwd=cfg.parent)
        assert done.returncode == 1, (limit, done.stderr)
        assert "Traceback" not in done.stderr, (limit, done.stderr)
        # the build speaks the site's default language (the editors' catalog's words)
        reason = l10n.render(l10n.E_("the file is larger than the system allows"), "ro")
        lines = [x for x in done.stderr.splitlines() if reason in x]
        assert len(lines) == 1, (limit, done.stderr)

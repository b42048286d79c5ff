"""The official QuantConnect `lean` CLI (PyPI `lean`) as a real client of the API.

With QC_API=local the tool sends every request to http://localhost:5612/api/v2/, so this test
starts a live server on 127.0.0.1:5612 sharing the test database, and runs the tool offline (it
would otherwise download its modules list and Docker images): an empty modules file with a future
date in the installed package, `database-update-frequency never`, a seeded ~/.lean/cache, HOME in a
temporary folder and a lean.json written by the test. Each lean subprocess has a timeout.

Flow: lean login -> lean cloud pull (files on disk) -> edit -> lean cloud push (the change is in
the project, the IDE page shows it) -> lean cloud backtest (runs on our queue with Huey in
immediate mode against small synthetic data; the tool prints our statistics). Live trading: lean
cloud live deploy (Paper Trading) -> cloud status -> cloud live command/broadcast -> cloud live
liquidate and stop, against a real sandboxed deployment."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from backtests.models import Backtest
from backtests.selectors import backtest_result
from projects.models import Project

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow, pytest.mark.db_independent]

PORT = 5612
# The CLI's brokerages and live data feeds come from its modules file (`lean/models/__init__.py`
# downloads it daily; offline, this one): QuantConnect Paper Trading as the CLI names it
# ("--brokerage 'Paper Trading'", module id QuantConnectBrokerage, initial cash and holdings
# optional) and the QuantConnect live data feed ("--data-provider-live QuantConnect").
PAPER_TRADING_MODULES = {
    "modules": [
        {
            "id": "QuantConnectBrokerage",
            "display-id": "Paper Trading",
            "type": ["brokerage"],
            "platform": ["cloud", "cli"],
            "live-cash-balance-state": "optional",
            "live-holdings-state": "optional",
            "configurations": [],
        },
        {
            "id": "QuantConnectBrokerage",
            "display-id": "QuantConnect",
            "type": ["data-queue-handler"],
            "platform": ["cloud"],
            "configurations": [],
        },
    ]
}
LEAN = Path(sys.executable).with_name("lean")
TIMEOUT = 180


def _port_free() -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", PORT)) != 0


@pytest.fixture
def lean_server():
    from pytest_django.live_server_helper import LiveServer

    if not _port_free():
        pytest.skip(f"port {PORT} is in use (the lean CLI only talks to localhost:{PORT})")
    server = LiveServer(f"127.0.0.1:{PORT}")
    yield server
    server.stop()


@pytest.fixture
def lean_env(tmp_path, organization):
    if not LEAN.exists():
        pytest.skip("the lean CLI is not installed (pip install -e '.[test]')")
    import lean

    modules = Path(lean.__file__).parent / "modules-1.14.json"
    if not modules.exists() or json.loads(modules.read_text()) != PAPER_TRADING_MODULES:
        modules.write_text(json.dumps(PAPER_TRADING_MODULES))
    os.utime(modules, (4102444800, 4102444800))  # 2100-01-01: never "older than a day"
    home = tmp_path / "home"
    (home / ".lean").mkdir(parents=True)
    (home / ".lean" / "cache").write_text(
        json.dumps(
            {"last-update-check-cli": 4102444800, "last-update-check-announcements": 4102444800}
        )
    )
    workspace = tmp_path / "workspace"
    (workspace / "data").mkdir(parents=True)
    (workspace / "lean.json").write_text(
        json.dumps(
            {
                "data-folder": "data",
                "organization-id": str(organization.id),
                "job-organization-id": str(organization.id),
            }
        )
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.lower().endswith("_proxy") and not key.startswith(("DJANGO_", "PYTEST_"))
    }
    env.update(
        {
            "HOME": str(home),
            "QC_API": "local",
            "NO_PROXY": "localhost,127.0.0.1",
            "PYTHONIOENCODING": "utf-8",
            "COLUMNS": "200",
            "TERM": "dumb",
        }
    )
    return {"env": env, "workspace": workspace}


def run_lean(lean_env, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(LEAN), *args],
        cwd=lean_env["workspace"],
        env=lean_env["env"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    if ok:
        assert result.returncode == 0, (
            f"lean {' '.join(args)} failed ({result.returncode}):\n{output}"
        )
    return result


def test_lean_login_pull_push_and_cloud_backtest(
    lean_server, lean_env, owner, organization, api_project, bt_settings, owner_client
):
    project_name = api_project.name
    run_lean(lean_env, "config", "set", "database-update-frequency", "never")

    # lean login: GET authenticate with Timestamp + Basic(user id, sha256(token:timestamp)).
    login = run_lean(lean_env, "login", "-u", str(owner.api_user_id), "-t", owner.api_token)
    assert "Successfully logged in" in login.stdout + login.stderr

    # lean whoami: organizations/list + organizations/read.
    whoami = run_lean(lean_env, "whoami")
    assert owner.name in whoami.stdout + whoami.stderr

    # lean cloud pull: projects/read + files/read -> the project's files on disk.
    run_lean(lean_env, "cloud", "pull")
    local = lean_env["workspace"] / project_name
    assert (local / "main.py").read_text() == api_project.files.get(name="main.py").content
    assert (local / "helpers.py").read_text() == "X = 1\n"
    config = json.loads((local / "config.json").read_text())
    assert config["cloud-id"] == api_project.id
    assert config["parameters"] == {"fast": "30"}

    # Edit locally, lean cloud push: projects/read + projects/update (form-encoded files).
    edited = (local / "main.py").read_text() + "\n# edited with the lean CLI\n"
    (local / "main.py").write_text(edited)
    (local / "extra.py").write_text("Y = 2\n")
    run_lean(lean_env, "cloud", "push", "--project", project_name)
    api_project.refresh_from_db()
    assert api_project.files.get(name="main.py").content == edited
    assert api_project.files.get(name="extra.py").content == "Y = 2\n"
    assert api_project.files.filter(name="helpers.py").exists()
    assert api_project.parameters_dict() == {"fast": "30"}
    page = owner_client.get(f"/projects/{api_project.id}/")
    assert page.status_code == 200
    assert "extra.py" in page.content.decode()

    # lean cloud backtest: compile/create, compile/read, backtests/create, backtests/read.
    result = run_lean(lean_env, "cloud", "backtest", project_name, "--name", "From the CLI")
    output = result.stdout + result.stderr
    backtest = Backtest.objects.get(project=api_project, name="From the CLI")
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    statistics = backtest_result(backtest)["statistics"]
    assert f"Backtest id: {backtest.backtest_id}" in output
    for label in ("Total Orders", "Sharpe Ratio", "Net Profit"):
        assert label in output
    assert statistics["Total Orders"] in output
    assert statistics["Net Profit"] in output
    shutil.rmtree(local)

    # A project made locally (offline) is created in the cloud by push: projects/create + update.
    run_lean(lean_env, "project-create", "--language", "python", "Made Locally")
    run_lean(lean_env, "cloud", "push", "--project", "Made Locally")
    made = Project.objects.get(organization=organization, name="Made Locally")
    local_main = (lean_env["workspace"] / "Made Locally" / "main.py").read_text()
    assert made.files.get(name="main.py").content == local_main
    config = json.loads((lean_env["workspace"] / "Made Locally" / "config.json").read_text())
    assert config["cloud-id"] == made.id


def test_lean_cloud_optimize(lean_server, lean_env, owner, organization, bt_settings):
    """lean cloud optimize: compile, optimizations/estimate (form-encoded), optimizations/create,
    optimizations/read until done (the grid runs on our queue, Huey in immediate mode), then
    backtests/read of the best."""
    from datetime import timedelta

    from accounts.services.credit import credit_grant
    from backtests.models import Optimization
    from backtests.tests.conftest import SMA
    from projects.services import project_create

    # The CLI sends the bounds as floats ("20.0"); whole-number bounds make an integer
    # parameter, so `int(self.get_parameter("fast"))` reads "20" (it raises on "20.0").
    code = SMA.replace('int(self.get_parameter("fast", 30))', 'int(self.get_parameter("fast"))')
    assert code != SMA
    project = project_create(
        organization=organization,
        owner=owner,
        name="Cli Optimize",
        files={"main.py": code},
        parameters={"fast": "30"},
    )
    now = Backtest.objects.model().created
    Backtest.objects.create(
        organization=organization,
        project=project,
        created_by=owner,
        name="timed",
        status=Backtest.Status.COMPLETED,
        started_at=now,
        finished_at=now + timedelta(seconds=5),
    )
    credit_grant(organization=organization, qcc=1000, reason="tests")
    run_lean(lean_env, "config", "set", "database-update-frequency", "never")
    run_lean(lean_env, "login", "-u", str(owner.api_user_id), "-t", owner.api_token)
    result = run_lean(
        lean_env,
        "cloud",
        "optimize",
        "Cli Optimize",
        "--target",
        "Sharpe Ratio",
        "--target-direction",
        "max",
        "--parameter",
        "fast",
        "20",
        "30",
        "10",
        "--node",
        "O2-8",
        "--parallel-nodes",
        "1",
        "--name",
        "Cli search",
    )
    output = result.stdout + result.stderr
    optimization = Optimization.objects.get(project=project, name="Cli search")
    assert optimization.status == Optimization.Status.COMPLETED
    trials = list(optimization.trials.order_by("id"))
    assert [t.parameters for t in trials] == [{"fast": "20"}, {"fast": "30"}]
    assert all(t.status == "Completed" for t in trials), [t.backtest.error for t in trials]
    assert "Estimated number of backtests: 2" in output
    best = max(trials, key=lambda t: t.statistics["sharpeRatio"])
    assert f"Optimal parameters: fast: {best.parameters['fast']}" in output
    assert f"Optimal backtest id: {best.backtest.backtest_id}" in output


def test_lean_cloud_object_store_commands(lean_server, lean_env, owner, organization):
    from projects.objectstore import object_list, object_read

    run_lean(lean_env, "config", "set", "database-update-frequency", "never")
    run_lean(lean_env, "login", "-u", str(owner.api_user_id), "-t", owner.api_token)
    source = lean_env["workspace"] / "weights.json"
    source.write_text('{"w": [0.5, 0.25]}')

    # set: object/set, multipart with the file as objectData.
    run_lean(lean_env, "cloud", "object-store", "set", "models/weights.json", str(source))
    assert object_read(organization=organization, key="models/weights.json") == source.read_bytes()

    # list: object/list; the root shows the folder, the folder shows the key.
    root = run_lean(lean_env, "cloud", "object-store", "list")
    assert "models" in root.stdout and "True" in root.stdout
    inside = run_lean(lean_env, "cloud", "object-store", "list", "models")
    assert "models/weights.json" in inside.stdout and "18" in inside.stdout

    # properties: object/properties (the CLI shows size, modified, key, a preview).
    properties = run_lean(lean_env, "cloud", "object-store", "properties", "models/weights.json")
    assert "18" in properties.stdout and "models/weights.json" in properties.stdout

    # get: object/get answers a link; the CLI downloads the zip and unpacks it.
    target = lean_env["workspace"] / "downloaded"
    run_lean(
        lean_env,
        "cloud",
        "object-store",
        "get",
        "models/weights.json",
        "--destination-folder",
        str(target),
    )
    assert (target / "models" / "weights.json").read_bytes() == source.read_bytes()

    # delete: object/delete.
    run_lean(lean_env, "cloud", "object-store", "delete", "models/weights.json")
    assert object_list(organization=organization) == []


def _follow(deployment_id: int) -> None:
    from django.db import connection

    from live.services import live_execute

    try:
        live_execute(deployment_id=deployment_id)
    finally:
        connection.close()


def _wait(condition, what: str, timeout: float = 60.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    pytest.fail(f"timed out waiting for {what}")


def test_lean_cloud_live_deploy_status_command_liquidate_stop(
    lean_server, lean_env, owner, organization, live_settings, make_project, node, no_enqueue
):
    """lean cloud live deploy (Paper Trading, non-interactive): compile, nodes/read, live/read
    (no deployment yet), live/create; the worker runs it in the sandbox; lean cloud status:
    live/read; lean cloud live command / broadcast: live/commands/create|broadcast, run by the
    algorithm; lean cloud live liquidate: live/update/liquidate; a second deploy reads the last
    portfolio (live/read, live/portfolio/read); lean cloud live stop: live/update/stop."""
    import threading

    from live.models import LiveCommand, LiveDeployment
    from live.tests.test_commands import COMMANDED

    make_project(COMMANDED, name="Cli Live")
    run_lean(lean_env, "config", "set", "database-update-frequency", "never")
    run_lean(lean_env, "login", "-u", str(owner.api_user_id), "-t", owner.api_token)
    deploy_args = (
        "cloud",
        "live",
        "deploy",
        "Cli Live",
        "--brokerage",
        "Paper Trading",
        "--node",
        node.name,
        "--auto-restart",
        "yes",
        "--notify-order-events",
        "no",
        "--notify-insights",
        "no",
        "--live-cash-balance",
        "USD:75000",
        "--data-provider-live",
        "QuantConnect",
    )
    deployed = run_lean(lean_env, *deploy_args)
    output = deployed.stdout + deployed.stderr
    deployment = LiveDeployment.objects.get(project__name="Cli Live")
    assert "Brokerage: Paper Trading" in output and f"Server name: {node.name}" in output
    assert deployment.starting_cash == {"USD": 75000.0} and deployment.automatic_restart
    assert deployment.node_id == node.id and no_enqueue == [deployment.pk]

    worker = threading.Thread(target=_follow, args=(deployment.pk,))
    worker.start()
    try:
        _wait(
            lambda: LiveDeployment.objects.get(pk=deployment.pk).state.get("time"),
            "the deployment to run",
        )
        status = run_lean(lean_env, "cloud", "status", "Cli Live")
        text = status.stdout + status.stderr
        assert "Live status: Running" in text and f"Live id: {deployment.deploy_id}" in text
        assert "Brokerage: Paper Trading" in text

        # the node is taken: the CLI refuses a second deployment on it by itself
        busy = run_lean(lean_env, *deploy_args, ok=False)
        assert busy.returncode != 0 and "already in use" in busy.stdout + busy.stderr

        run_lean(lean_env, "cloud", "live", "command", "Cli Live", "--data", '{"text": "yes"}')
        told = LiveCommand.objects.get(deployment=deployment)
        run_lean(lean_env, "cloud", "live", "broadcast", "--data", '{"text": "all"}')
        everyone = LiveCommand.objects.exclude(pk=told.pk).get()
        for item in (told, everyone):
            _wait(
                lambda item=item: LiveCommand.objects.get(pk=item.pk).status == "done",
                "the command's result",
            )
        told.refresh_from_db(), everyone.refresh_from_db()
        assert (told.success, everyone.success) == (True, False)

        run_lean(lean_env, "cloud", "live", "liquidate", "Cli Live")
        _wait(
            lambda: LiveDeployment.objects.get(pk=deployment.pk).status == "Liquidated",
            "the liquidation",
        )
    finally:
        LiveDeployment.objects.filter(pk=deployment.pk).update(stop_requested="stop")
        worker.join(timeout=60)
    log = deployment.log_path.read_text()
    assert "told yes" in log and "told all" in log
    assert f"COMMAND:: OnCommand ({told.command_id}) ran: success" in log
    status = run_lean(lean_env, "cloud", "status", "Cli Live")
    assert "Live status: Liquidated" in status.stdout + status.stderr
    assert "Stopped: " in status.stdout + status.stderr

    # Deploy again (the CLI first reads the last deployment's portfolio), then stop it.
    run_lean(lean_env, *deploy_args)
    second = LiveDeployment.objects.exclude(pk=deployment.pk).get(project__name="Cli Live")
    assert second.status == "InQueue"
    run_lean(lean_env, "cloud", "live", "stop", "Cli Live")
    second.refresh_from_db()
    assert second.status == "Stopped"
    assert any(e.user == owner and e.text == "Stop requested." for e in second.events.all())
    # nothing runs: a command is refused and the CLI says so
    refused = run_lean(lean_env, "cloud", "live", "command", "Cli Live", "--data", "{}", ok=False)
    assert refused.returncode != 0
    assert "has no running live deployment" in refused.stdout + refused.stderr

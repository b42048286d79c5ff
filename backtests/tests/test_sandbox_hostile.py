"""Hostile algorithms through the real backtest path: the web page queues the backtest, a real
Huey consumer runs it, the engine runs in the sandbox (`qcweb.sandbox`).

Each algorithm tries one attack and logs what it saw. Each test asserts from the outside that
the attack failed (files unchanged, nothing leaked into the log, results or pages, no process
left) and that the backtest ended with a clear status.

The attacks go around the engine's import guard on purpose (`exec` with fresh globals, plain
`os`, `ctypes`): the guard is a convenience, the sandbox is the boundary being tested.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from backtests.models import Backtest
from backtests.selectors import backtest_log, backtest_result
from backtests.tests.conftest import wait_until
from qcweb import sandbox
from tests.fixtures import processes_with

pytestmark = [
    pytest.mark.db_independent,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not sandbox.availability().isolated, reason="bubblewrap cannot run on this machine"
    ),
]

SECRET = "canary-secret-0f3c9a"
ENV_SECRET = "canary-env-secret-77d1"

HOSTILE = '''from AlgorithmImports import *
import os


def attempt(label, action):
    try:
        return f"{{label}}: done {{action()!r:.300}}"
    except BaseException as exc:
        return f"{{label}}: blocked {{type(exc).__name__}}: {{exc}}"


def run(source):
    """Code run with fresh globals: no user __file__, so the engine's import guard lets it be."""
    scope = {{}}
    exec(source, scope)
    return scope.get("result")


class Hostile(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.add_equity("SPY", Resolution.DAILY)
{attack}
'''


def hostile(attack: str) -> str:
    body = "\n".join("        " + line if line else "" for line in attack.strip().splitlines())
    return HOSTILE.format(attack=body)


@pytest.fixture
def victim(tmp_path, bt_settings, monkeypatch):
    """Platform files a user must never reach: a secret key, a database with a superuser flag
    and credit, a Huey queue file, another user's backtest results."""
    folder = tmp_path / "var"
    folder.mkdir()
    (folder / "secret_key").write_text(SECRET)
    database = folder / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("create table users (email text, is_superuser int, credit int)")
        db.execute("insert into users values ('victim@example.com', 0, 100)")
    (folder / "huey.sqlite3").write_bytes(b"SQLite format 3\x00")
    other = bt_settings.QCWEB_BACKTESTS_DIR / ("0" * 32) / "out"
    other.mkdir(parents=True)
    (other / "results.json").write_text(json.dumps({"statistics": {"Net Profit": SECRET}}))
    monkeypatch.setenv("SECRET_KEY", ENV_SECRET)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    return {
        "var": folder,
        "secret": folder / "secret_key",
        "db": database,
        "huey": folder / "huey.sqlite3",
        "other_results": other / "results.json",
    }


def _snapshot(paths: list[Path]) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in paths}


def run_hostile(client, make_project, code: str, *, timeout: float = 90) -> Backtest:
    """Queue the algorithm from the project page, as a user does, and wait for the worker."""
    project = make_project(code, name="hostile")
    response = client.post(reverse("backtests:create", args=[project.pk]))
    assert response.status_code in (200, 302), response.status_code
    backtest = Backtest.objects.get(project=project)
    return wait_until(
        lambda: Backtest.objects.filter(pk=backtest.pk, status__in=Backtest.FINISHED).first(),
        timeout=timeout,
    )


def seen(backtest: Backtest, client) -> str:
    """Everything the user can read about the backtest: log, results, error, pages."""
    parts = [
        backtest_log(backtest),
        json.dumps(backtest_result(backtest)),
        backtest.error,
        backtest.stacktrace,
    ]
    for name in ("backtests:detail", "backtests:log", "backtests:results"):
        response = client.get(reverse(name, args=[backtest.pk]))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        parts.append(body.decode(errors="replace"))
    return "\n".join(parts)


def lines(backtest: Backtest, label: str) -> list[str]:
    return [line for line in backtest_log(backtest).splitlines() if f"{label}:" in line]


def assert_clear_end(backtest: Backtest) -> None:
    assert backtest.status in (Backtest.Status.COMPLETED, Backtest.Status.RUNTIME_ERROR)
    assert backtest.isolated is True
    if backtest.status == Backtest.Status.RUNTIME_ERROR:
        assert backtest.error.strip()
    assert not backtest.job_path.exists()  # the job's own folder is gone after copy-out


def test_reading_the_secret_key_settings_and_environment_fails(
    owner_client, make_project, huey_consumer, victim
):
    code = hostile(f"""
self.log(attempt("secret", lambda: open({str(victim["secret"])!r}).read()))
self.log(attempt("real_secret", lambda: open({str(settings.VAR_DIR / "secret_key")!r}).read()))
self.log(attempt("settings", lambda: open({str(settings.BASE_DIR / "qcweb" / "settings.py")!r}).read()))
self.log(attempt("env", lambda: dict(os.environ)))
self.log(attempt("parent_env", lambda: [open(f"/proc/{{p}}/environ", "rb").read() for p in os.listdir("/proc") if p.isdigit()]))
self.log(attempt("uid", lambda: (os.getuid(), os.geteuid(), os.getgroups())))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    text = seen(backtest, owner_client)
    assert SECRET not in text and ENV_SECRET not in text
    real_key = (settings.VAR_DIR / "secret_key").read_text().strip()
    assert real_key not in text
    assert "blocked FileNotFoundError" in lines(backtest, "secret")[0]
    assert "blocked FileNotFoundError" in lines(backtest, "settings")[0]
    assert "SECRET_KEY" not in lines(backtest, "env")[0]
    assert "(65534, 65534, [])" in lines(backtest, "uid")[0]


def test_the_database_and_the_queue_cannot_be_opened_or_changed(
    owner_client, make_project, huey_consumer, victim
):
    before = _snapshot([victim["db"], victim["huey"]])
    code = hostile(f"""
self.log(attempt("db", lambda: run("import sqlite3\\nc = sqlite3.connect({str(victim["db"])!r})\\nc.execute('update users set is_superuser = 1, credit = 1000000')\\nc.commit()\\nresult = c.execute('select * from users').fetchall()")))
self.log(attempt("queue", lambda: open({str(victim["huey"])!r}, "r+b").write(b"pickle")))
self.log(attempt("real_db", lambda: open({str(settings.VAR_DIR / "db.sqlite3")!r}, "rb").read(16)))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert _snapshot([victim["db"], victim["huey"]]) == before
    with sqlite3.connect(victim["db"]) as db:
        assert db.execute("select is_superuser, credit from users").fetchall() == [(0, 100)]
    assert "blocked" in lines(backtest, "db")[0]
    assert "blocked" in lines(backtest, "queue")[0]
    assert "blocked" in lines(backtest, "real_db")[0]
    assert not User.objects.filter(is_superuser=True).exists()


def test_another_users_backtest_and_etc_shadow_are_out_of_reach(
    owner_client, make_project, huey_consumer, victim
):
    target = victim["other_results"]
    before = target.read_bytes()
    code = hostile(f"""
self.log(attempt("other_read", lambda: open({str(target)!r}).read()))
self.log(attempt("other_write", lambda: open({str(target)!r}, "w").write("owned")))
self.log(attempt("listing", lambda: os.listdir({str(target.parent.parent.parent)!r})))
self.log(attempt("shadow", lambda: open("/etc/shadow").read()))
self.log(attempt("root", lambda: sorted(os.listdir("/"))))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert target.read_bytes() == before
    assert SECRET not in seen(backtest, owner_client)
    for label in ("other_read", "other_write", "listing", "shadow"):
        assert "blocked" in lines(backtest, label)[0], lines(backtest, label)
    root = lines(backtest, "root")[0]
    assert "'work'" not in root or "var" not in root  # only the mount skeleton is there


def test_the_runtime_and_the_source_tree_are_read_only(
    owner_client, make_project, huey_consumer, victim
):
    import site

    site_packages = Path(site.getsitepackages()[0])
    pth = site_packages / "zz_hostile.pth"
    template = settings.BASE_DIR / "templates" / "base.html"
    before = template.read_bytes()
    code = hostile(f"""
self.log(attempt("pth", lambda: open({str(pth)!r}, "w").write("import os; os.system('id')")))
self.log(attempt("template", lambda: open({str(template)!r}, "a").write("<script>owned</script>")))
self.log(attempt("source", lambda: open({str(settings.BASE_DIR / "hostile.txt")!r}, "w").write("x")))
self.log(attempt("engine", lambda: open("/opt/qcweb/engine/hostile.py", "w").write("x")))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert not pth.exists()
    assert template.read_bytes() == before
    assert not (settings.BASE_DIR / "hostile.txt").exists()
    assert not (settings.BASE_DIR / "engine" / "hostile.py").exists()
    for label in ("pth", "template", "source", "engine"):
        assert "blocked" in lines(backtest, label)[0], lines(backtest, label)


def test_shell_subprocess_ctypes_and_exec_escapes_gain_nothing(
    owner_client, make_project, huey_consumer, victim
):
    secret = str(victim["secret"])
    code = hostile(f"""
self.log(attempt("system", lambda: os.system("cat {secret} > /job/out/leak1.txt 2>&1; id -u >> /job/out/leak1.txt")))
self.log(attempt("system_out", lambda: open("/job/out/leak1.txt").read()))
self.log(attempt("subprocess", lambda: __builtins__["__import__"]("subprocess").run(["cat", {secret!r}], capture_output=True).stderr if isinstance(__builtins__, dict) else None))
self.log(attempt("subprocess_exec", lambda: run("import subprocess\\nresult = subprocess.run(['sh', '-c', 'cat {secret}; id -u'], capture_output=True)")))
self.log(attempt("ctypes", lambda: run("import ctypes\\nlibc = ctypes.CDLL(None)\\nresult = (libc.setuid(0), libc.getuid())")))
self.log(attempt("getattr", lambda: getattr(os, "popen")("cat {secret}; id -un 2>&1").read()))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    text = seen(backtest, owner_client)
    assert SECRET not in text
    assert "No such file or directory" in lines(backtest, "system_out")[0]
    assert "65534" in lines(backtest, "system_out")[0]
    assert "(-1, 65534)" in lines(backtest, "ctypes")[0]  # setuid(0) refused


def test_the_web_app_on_loopback_is_unreachable(
    owner_client, make_project, huey_consumer, victim, live_server
):
    port = int(live_server.url.rsplit(":", 1)[1])
    code = hostile(f"""
self.log(attempt("connect", lambda: run("import socket\\ns = socket.socket()\\ns.settimeout(3)\\nresult = s.connect_ex(('127.0.0.1', {port}))")))
self.log(attempt("http", lambda: run("import urllib.request\\nresult = urllib.request.urlopen('{live_server.url}/accounts/login/', timeout=3).status")))
self.log(attempt("outside", lambda: run("import socket\\nresult = socket.create_connection(('8.8.8.8', 53), timeout=3)")))
self.log(attempt("interfaces", lambda: os.listdir("/sys/class/net") if os.path.exists("/sys/class/net") else open("/proc/net/dev").read()))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    connect = lines(backtest, "connect")[0]
    assert "done 111" in connect or "blocked" in connect, connect  # ECONNREFUSED: not our server
    assert "blocked" in lines(backtest, "http")[0]
    assert "blocked" in lines(backtest, "outside")[0]
    interfaces = lines(backtest, "interfaces")[0]
    assert "lo:" in interfaces and "eth" not in interfaces


def test_a_fork_bomb_is_capped_and_leaves_no_process(
    owner_client, make_project, huey_consumer, victim
):
    marker = f"{time.time_ns() % 10**9}.25"
    code = hostile(f"""
import time as _time
children = 0
for _ in range(1000):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        os.execv("/bin/sleep", ["sleep", "{marker}"])
    children += 1
self.log(f"forked: {{children}}")
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    forked = int(lines(backtest, "forked")[0].rsplit(" ", 1)[1])
    assert 0 < forked < 1000
    assert processes_with(marker) == []


def test_memory_past_the_limit_fails_even_after_trying_to_raise_it(
    owner_client, make_project, huey_consumer, victim, bt_settings
):
    bt_settings.QCWEB_BACKTEST_MAX_MEMORY_MB = 1536
    code = hostile("""
self.log(attempt("raise", lambda: run("import resource\\nresource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))")))
self.log(attempt("limit", lambda: run("import resource\\nresult = resource.getrlimit(resource.RLIMIT_AS)")))
self.log(attempt("prlimit", lambda: os.system("prlimit --pid $$ --as=unlimited:unlimited")))
hoard = []
for _ in range(6 * 16):
    hoard.append(bytearray(64 * 1024 * 1024))
self.log("allocated 6 GB")
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "memory" in backtest.error.lower()
    assert "blocked" in lines(backtest, "raise")[0]
    assert "(1610612736, 1610612736)" in lines(backtest, "limit")[0]
    assert "allocated 6 GB" not in backtest_log(backtest)


def test_writing_past_the_output_limit_stops_the_backtest(
    owner_client, make_project, huey_consumer, victim, bt_settings
):
    bt_settings.QCWEB_SANDBOX_OUTPUT_MB = 16
    code = hostile("""
self.log(attempt("one_big_file", lambda: open("/job/out/big.bin", "wb").write(b"x" * (40 << 20))))
for n in range(400):
    with open(f"/job/out/part{n}.bin", "wb") as part:
        part.write(b"y" * (8 << 20))
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert backtest.status == Backtest.Status.RUNTIME_ERROR
    assert "output" in backtest.error and "16 MB" in backtest.error
    assert not backtest.job_path.exists()


def test_a_setsid_child_does_not_outlive_the_backtest(
    owner_client, make_project, huey_consumer, victim
):
    marker = f"{time.time_ns() % 10**9}.75"
    code = hostile(f"""
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "{marker}"])
    os._exit(0)
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert processes_with(marker) == []


def test_a_log_replaced_by_a_symlink_is_not_followed(
    owner_client, make_project, huey_consumer, victim, organization
):
    from accounts.models import Organization

    organization.tier = Organization.Tier.FREE  # a small log limit: the log is trimmed
    organization.save(update_fields=["tier"])
    outside = victim["var"] / "outside.txt"
    outside.write_text("x" * 50_000)
    before = outside.read_bytes()
    code = hostile(f"""
import atexit


def swap():
    for name, target in (("log.txt", {str(outside)!r}), ("results.json", {str(victim["secret"])!r})):
        path = "/job/out/" + name
        try:
            os.unlink(path)
        except OSError:
            pass
        os.symlink(target, path)


atexit.register(swap)
self.log("line " * 1000)
""")
    backtest = run_hostile(owner_client, make_project, code)
    assert_clear_end(backtest)
    assert outside.read_bytes() == before
    assert not backtest.log_path.is_symlink() and not backtest.results_path.is_symlink()
    assert SECRET not in seen(backtest, owner_client)
    assert "results file" in backtest.error  # the swapped result document was refused


def test_honest_statistics_are_identical_inside_the_sandbox(
    bt_settings, project, owner, sample_result, owner_client
):
    """The SMA algorithm through the sandbox equals the same algorithm run in this process."""
    from backtests.services import backtest_create
    from backtests.tests.conftest import run_now

    backtest = run_now(backtest_create(project=project, user=owner))
    assert backtest.status == Backtest.Status.COMPLETED, backtest.error
    assert backtest.isolated is True
    result = backtest_result(backtest)
    assert result["statistics"] == sample_result["statistics"]
    assert result["runtimeStatistics"] == sample_result["runtimeStatistics"]
    page = owner_client.get(reverse("backtests:detail", args=[backtest.pk])).content.decode()
    assert "isolated: yes" in page

"""The `trellis` command line: usage errors, configuration precedence, migrate, serve and shutdown."""

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest

from conftest import RunningTrellis, free_port, trellis_binary, wait_until_up


def run(*args, env=None):
    return subprocess.run([trellis_binary(), *args], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, **(env or {})))


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_version_and_help():
    version = run("version")
    assert version.returncode == 0
    assert version.stdout.startswith("trellis ")
    help_text = run("help")
    assert help_text.returncode == 0
    assert "serve" in help_text.stdout and "migrate" in help_text.stdout


@pytest.mark.parametrize("args, message", [
    (["frobnicate"], "unknown command 'frobnicate'"),
    (["serve", "--colour", "blue"], "unknown option '--colour'"),
    (["serve", "--port", "http"], "--port: 'http' is not a port number"),
    (["serve", "--port"], "'--port' needs a value"),
    (["serve", "--database", "mysql://x"], "unsupported database URL"),
    (["serve", "--database-connections", "0"], "--database-connections: '0' is not a number from 1 to 1000"),
    (["serve", "--trusted-proxy", "nginx.local"], "--trusted-proxy: 'nginx.local' is not an IPv4 or IPv6 address"),
    (["migrate", "extra"], "unexpected argument 'extra'"),
    ([], "Usage: trellis"),
])
def test_usage_errors_exit_non_zero_with_usage(args, message):
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr + result.stdout
    assert "Usage: trellis" in result.stderr + result.stdout


def test_migrate_twice_is_safe(tmp_path):
    url = f"sqlite:{tmp_path / 'm.db'}"
    assert run("migrate", "--database", url).returncode == 0
    second = run("migrate", "--database", url)
    assert second.returncode == 0
    assert "up to date" in second.stdout


def test_flags_override_environment_which_overrides_defaults(tmp_path):
    env_port, flag_port = free_port(), free_port()
    env = {"TRELLIS_PORT": str(env_port), "TRELLIS_DATABASE_URL": f"sqlite:{tmp_path / 'env.db'}"}
    process = subprocess.Popen([trellis_binary(), "serve"], env=dict(os.environ, **env),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(f"http://127.0.0.1:{env_port}", process)
        assert (tmp_path / "env.db").exists()
    finally:
        process.terminate()
        process.wait(timeout=20)
    server = RunningTrellis(f"sqlite:{tmp_path / 'flag.db'}", extra_env={"TRELLIS_PORT": str(env_port)})
    try:
        assert server.port != env_port
        assert get(server.base_url + "/healthz")[0] == 200
    finally:
        assert server.stop() == 0
    del flag_port


def test_database_connections_can_be_set(tmp_path):
    # Several servers sharing one PostgreSQL each take their part of its connections.
    server = RunningTrellis(f"sqlite:{tmp_path / 'pool.db'}", args=["--database-connections", "3"])
    try:
        assert get(server.base_url + "/healthz")[0] == 200
    finally:
        assert server.stop() == 0
    listening = [json.loads(line) for line in server.log_lines() if '"listening"' in line]
    assert listening[0]["database_connections"] == "3", listening


def test_sigterm_shuts_down_cleanly_and_logs_json(tmp_path):
    server = RunningTrellis(f"sqlite:{tmp_path / 'stop.db'}")
    assert get(server.base_url + "/readyz") == (200, '{"status":"ready"}')
    assert get(server.base_url + "/missing")[0] == 404
    assert server.stop() == 0
    entries = [json.loads(line) for line in server.log_lines()]
    requests = [entry for entry in entries if "status" in entry]
    assert [(entry["path"], entry["status"]) for entry in requests][-2:] == [("/readyz", 200), ("/missing", 404)]
    assert all({"time", "method", "path", "status", "duration_ms", "request_id"} <= set(entry) for entry in requests)
    assert entries[-1]["msg"] == "stopped"


def test_sigterm_during_start_up_still_stops_cleanly(tmp_path):
    # Asked to stop while it migrates (before it listens), the server stops when ready, without
    # dying on the signal: every thread it starts leaves SIGTERM to the one that waits for it.
    database = tmp_path / "early.db"
    process = subprocess.Popen([trellis_binary(), "serve", "--database", f"sqlite:{database}",
                                "--port", str(free_port())], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while not database.exists() and time.time() < deadline:
        time.sleep(0.001)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr[-2000:]
    assert json.loads(stderr.strip().splitlines()[-1])["msg"] == "stopped"


def postgres_database():
    """A new, empty PostgreSQL database on the test cluster."""
    admin = os.environ.get("TRELLIS_TEST_POSTGRES_URL")
    if not admin:
        pytest.fail("TRELLIS_TEST_POSTGRES_URL is not set: run through scripts/test")
    name = "e2e_" + uuid.uuid4().hex[:12]
    subprocess.run([shutil.which("psql"), admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    return admin.rsplit("/", 1)[0] + "/" + name


def test_serves_on_postgresql():
    url = postgres_database()
    server = RunningTrellis(url)
    try:
        assert get(server.base_url + "/readyz") == (200, '{"status":"ready"}')
        status, body = get(server.base_url + "/")
        assert status == 200 and "Trellis" in body
        assert get(server.base_url + "/api/nothing")[0] == 404
        # Sixteen threads per core, so that a thread waiting on a round trip seldom holds up
        # another connection; at most four database connections per core (plus two) at once.
        listening = [json.loads(line) for line in server.log_lines() if '"listening"' in line]
        assert listening[0]["threads"] == str(16 * max(2, os.cpu_count())), listening
        assert listening[0]["database_connections"] == str(4 * os.cpu_count() + 2), listening
        # Background jobs (reminders, the figures' refresh, the outbox) yield the cores to requests:
        # their thread names itself and lowers its priority as it starts.
        def nice_values():
            threads = {}
            for task in os.listdir(f"/proc/{server.process.pid}/task"):
                with open(f"/proc/{server.process.pid}/task/{task}/stat") as stat:
                    name, fields = stat.read().rsplit(")", 1)
                    threads.setdefault(name.split("(", 1)[1], []).append(int(fields.split()[16]))
            return threads
        deadline = time.monotonic() + 10
        while "trellis-jobs" not in nice_values() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert nice_values().get("trellis-jobs") == [10], nice_values()
    finally:
        assert server.stop() == 0


def test_concurrent_migrate_on_postgresql():
    url = postgres_database()
    processes = [subprocess.Popen([trellis_binary(), "migrate", "--database", url],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], results


def test_backup_while_serving_and_restore(tmp_path):
    """A backup taken from the live database while it is written restores whole; a file from a
    newer Trellis or a broken one is refused without touching the database."""
    live = tmp_path / "live.db"
    assert run("demo", "--database", f"sqlite:{live}").returncode == 0
    server = RunningTrellis(f"sqlite:{live}")
    try:
        request = urllib.request.Request(
            server.base_url + "/api/v1/sessions", method="POST",
            data=json.dumps({"email": "ana.lima@northwind.example", "password": "trellis-demo"}).encode(),
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 201
        backup = run("backup", str(tmp_path / "copy.db"), "--database", f"sqlite:{live}")
        assert backup.returncode == 0, backup.stderr
    finally:
        assert server.stop() == 0
    restored = tmp_path / "restored.db"
    restore = run("restore", str(tmp_path / "copy.db"), "--database", f"sqlite:{restored}")
    assert restore.returncode == 0, restore.stderr
    server = RunningTrellis(f"sqlite:{restored}")
    try:
        status, body = get(server.base_url + "/readyz")
        assert status == 200
    finally:
        assert server.stop() == 0
    (tmp_path / "broken.db").write_bytes(b"not a database" * 1000)
    refused = run("restore", str(tmp_path / "broken.db"), "--database", f"sqlite:{restored}")
    assert refused.returncode == 1 and "not a SQLite database" in refused.stderr
    postgres = run("backup", str(tmp_path / "x.db"), "--database", "postgres://u@127.0.0.1:1/x")
    assert postgres.returncode == 2 and "pg_dump" in postgres.stderr


def test_serve_logs_how_many_requests_it_finished_when_stopped(tmp_path):
    server = RunningTrellis(f"sqlite:{tmp_path / 'stop.db'}")
    assert get(server.base_url + "/healthz")[0] == 200
    assert server.stop() == 0
    drained = [json.loads(line) for line in server.log_lines() if '"requests drained"' in line]
    assert drained and drained[0]["finished"] == "0" and drained[0]["cut_off"] == "0"


def sign_in_status(base_url, email, password, forwarded_for):
    request = urllib.request.Request(
        base_url + "/api/v1/sessions", method="POST",
        data=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_behind_a_trusted_proxy_sign_in_is_throttled_per_client_not_per_proxy(tmp_path):
    """Behind nginx every request comes from the proxy's address: with --trusted-proxy the
    address that guessed too often is held back, and the rest of the organization is not."""
    database = tmp_path / "proxy.db"
    assert run("demo", "--database", f"sqlite:{database}").returncode == 0
    server = RunningTrellis(f"sqlite:{database}", args=["--trusted-proxy", "127.0.0.1"])
    try:
        guesser, colleague = "203.0.113.7", "198.51.100.2"
        statuses = [sign_in_status(server.base_url, f"nobody{index}@example.com", "wrong", guesser)
                    for index in range(30)]
        assert set(statuses) == {401}, statuses
        assert sign_in_status(server.base_url, "nobody@example.com", "wrong", guesser) == 429
        assert sign_in_status(server.base_url, "ana.lima@northwind.example", "trellis-demo", colleague) == 201
    finally:
        assert server.stop() == 0

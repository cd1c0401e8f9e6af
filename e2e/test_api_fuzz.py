"""Schemathesis drives every documented API operation with generated requests and checks the
answers against /api/openapi.json: no server errors, documented statuses, bodies and types."""

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from conftest import DEMO_PASSWORD, RunningTrellis, trellis_binary

HERE = Path(__file__).resolve().parent


def post_json(url, body, headers=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, json.loads(response.read())


def test_the_api_keeps_to_its_description(tmp_path):
    database = f"sqlite:{tmp_path / 'fuzz.db'}"
    subprocess.run([trellis_binary(), "demo", "--database", database], check=True, capture_output=True)
    server = RunningTrellis(database)
    try:
        headers, session = post_json(server.base_url + "/api/v1/sessions",
                                     {"email": "jordan.reyes@northwind.example", "password": DEMO_PASSWORD})
        cookie = headers["Set-Cookie"].split(";")[0]
        _, created = post_json(server.base_url + "/api/v1/me/tokens", {"name": "schemathesis"},
                               {"Cookie": cookie, "X-CSRF-Token": session["csrfToken"]})
        schemathesis = str(Path(sys.executable).with_name("schemathesis"))
        result = subprocess.run(
            [schemathesis, "--config-file", str(HERE / "schemathesis.toml"), "run",
             server.base_url + "/api/openapi.json", "--checks", "all", "--max-examples", "25", "--seed", os.environ.get("TRELLIS_FUZZ_SEED", "7"),
             "-H", f"Authorization: Bearer {created['token']}",
             # These end the very credentials the run uses.
             "--exclude-operation-id", "revokeToken", "--exclude-operation-id", "signOut"],
            capture_output=True, text=True, timeout=900, env=dict(os.environ, NO_COLOR="1"))
        assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    finally:
        assert server.stop() == 0
    errors = [line for line in server.log_lines() if '"status":5' in line]
    assert errors == [], errors[:5]

"""Email through a real SMTP server (aiosmtpd): invitations with their calendar entry, one-click
unsubscribe, nothing confidential, and each message exactly once across processes and a kill."""

import datetime
import email
import email.policy
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import uuid

import pytest
from aiosmtpd.controller import Controller

from conftest import DEMO_PASSWORD, RunningTrellis, free_port, trellis_binary


class Inbox:
    """What the SMTP server received: (recipients, parsed message)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def where(self, predicate):
        with self.lock:
            return [entry for entry in self.messages if predicate(entry[1])]

    def wait_for(self, predicate, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.where(predicate)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"expected {count} messages, got {len(self.where(predicate))}")


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def call(method, url, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def token_for(base_url, address):
    request = urllib.request.Request(
        base_url + "/api/v1/sessions", data=json.dumps({"email": address, "password": DEMO_PASSWORD}).encode(),
        headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        cookie = response.headers["Set-Cookie"].split(";")[0]
        session = json.loads(response.read())
    request = urllib.request.Request(
        base_url + "/api/v1/me/tokens", data=json.dumps({"name": "email test"}).encode(),
        headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": session["csrfToken"]},
        method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["token"]


def calendar_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return part.get_content(), part.get_param("method")
    return None, None


def demo_database(url):
    loaded = subprocess.run([trellis_binary(), "demo", "--database", url], capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr


def test_invitations_updates_and_cancellations_arrive_with_their_calendar_entry(tmp_path, smtp):
    controller, inbox = smtp
    database = f"sqlite:{tmp_path / 'mail.db'}"
    demo_database(database)
    server = RunningTrellis(database, extra_env={
        "TRELLIS_SMTP_URL": f"smtp://127.0.0.1:{controller.port}", "TRELLIS_MAIL_FROM": "trellis@northwind.example"})
    try:
        daniel = token_for(server.base_url, "daniel.kim@northwind.example")
        ravi = token_for(server.base_url, "ravi.iyer@northwind.example")
        rhythm = next(r for r in call("GET", server.base_url + "/api/v1/me/rhythms", token=ravi)
                      if r["partner"]["email"] == "daniel.kim@northwind.example")
        day = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
        conversation = call("POST", f"{server.base_url}/api/v1/relationships/{rhythm['relationship']['id']}/conversations",
                            {"date": day, "time": "10:00", "timeZone": "Europe/London", "durationMinutes": 45,
                             "location": "Room 2"}, token=daniel)
        uid = f"conversation-{conversation['id']}@trellis"
        call("PUT", f"{server.base_url}/api/v1/conversations/{conversation['id']}/private-note",
             {"body": "CONFIDENTIAL-PRIVATE-NOTE"}, token=ravi)

        def about(sequence, method):
            def matches(message):
                calendar, found = calendar_of(message)
                return calendar is not None and uid in calendar and f"SEQUENCE:{sequence}" in calendar and found == method
            return matches

        invitations = inbox.wait_for(about(0, "REQUEST"), 2)
        assert sorted(r for recipients, _ in invitations for r in recipients) == [
            "daniel.kim@northwind.example", "ravi.iyer@northwind.example"]
        for recipients, message in invitations:
            other = "Ravi Iyer" if recipients == ["daniel.kim@northwind.example"] else "Daniel Kim"
            assert message["Subject"].startswith(f"Invitation: career conversation with {other}")
            assert message["From"] == "Trellis <trellis@northwind.example>"
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            calendar, _ = calendar_of(message)
            assert "METHOD:REQUEST" in calendar and "DTSTART:" in calendar and "LOCATION:Room 2" in calendar

        call("PATCH", f"{server.base_url}/api/v1/conversations/{conversation['id']}",
             {"date": day, "time": "11:00", "timeZone": "Europe/London", "durationMinutes": 45, "reason": "Clash"},
             token=ravi)
        inbox.wait_for(about(1, "REQUEST"), 2)
        call("POST", f"{server.base_url}/api/v1/conversations/{conversation['id']}/status",
             {"status": "cancelled", "reason": "CONFIDENTIAL-REASON"}, token=daniel)
        cancelled = inbox.wait_for(about(2, "CANCEL"), 2)
        assert all("METHOD:CANCEL" in calendar_of(m)[0] for _, m in cancelled)
        assert all(m["Subject"].startswith("Cancelled: career conversation") for _, m in cancelled)

        for _, message in inbox.where(lambda m: True):
            text = message.as_string() + "".join(
                part.get_content() for part in message.walk() if part.get_content_maintype() == "text")
            assert "CONFIDENTIAL" not in text

        # One click (RFC 8058): a POST to the List-Unsubscribe address, no session, no form token.
        _, to_daniel = next(e for e in cancelled if e[0] == ["daniel.kim@northwind.example"])
        unsubscribe = to_daniel["List-Unsubscribe"].strip("<>")
        urllib.request.urlopen(urllib.request.Request(
            unsubscribe, data=b"List-Unsubscribe=One-Click", method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded"}), timeout=10)
        preferences = call("GET", server.base_url + "/api/v1/me/notification-preferences", token=daniel)
        assert preferences["topics"]["conversations"] is False
        again = call("POST", f"{server.base_url}/api/v1/relationships/{rhythm['relationship']['id']}/conversations",
                     {"date": day, "time": "15:00", "timeZone": "Europe/London", "durationMinutes": 30}, token=ravi)
        uid = f"conversation-{again['id']}@trellis"
        only_ravi = inbox.wait_for(about(0, "REQUEST"), 1)
        time.sleep(2)
        assert [r for r, _ in inbox.where(about(0, "REQUEST"))] == [["ravi.iyer@northwind.example"]]
        assert only_ravi
    finally:
        assert server.stop() == 0


def postgres_database():
    admin = os.environ.get("TRELLIS_TEST_POSTGRES_URL")
    if not admin:
        pytest.fail("TRELLIS_TEST_POSTGRES_URL is not set: run through scripts/test")
    name = "mail_" + uuid.uuid4().hex[:12]
    subprocess.run([shutil.which("psql"), admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    return admin.rsplit("/", 1)[0] + "/" + name


def outbox_counts(url):
    rows = subprocess.run([shutil.which("psql"), url, "-Atc", "SELECT status, count(*) FROM outbox GROUP BY status"],
                          capture_output=True, text=True, check=True).stdout.split()
    return dict(row.split("|") for row in rows)


def test_each_message_is_sent_once_by_two_servers_and_resumed_after_a_kill(smtp):
    controller, inbox = smtp
    url = postgres_database()
    demo_database(url)
    # A server that accepts connections and never answers: the first worker is killed mid-send.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    lease = {"TRELLIS_DELIVERY_LEASE_SECONDS": "3"}
    stuck = RunningTrellis(url, extra_env={"TRELLIS_SMTP_URL": f"smtp://127.0.0.1:{silent.getsockname()[1]}", **lease})
    deadline = time.time() + 20
    while outbox_counts(url).get("sending") is None and time.time() < deadline:
        time.sleep(0.2)
    assert outbox_counts(url).get("sending"), "the first worker claimed messages"
    stuck.process.send_signal(signal.SIGKILL)
    stuck.process.wait(timeout=10)
    silent.close()

    servers = [RunningTrellis(url, extra_env={"TRELLIS_SMTP_URL": f"smtp://127.0.0.1:{controller.port}", **lease},
                              args=["--no-migrate"]) for _ in range(2)]
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            counts = outbox_counts(url)
            if set(counts) == {"sent"}:
                break
            time.sleep(0.5)
        counts = outbox_counts(url)
        assert set(counts) == {"sent"}, counts
        ids = [message["Message-ID"] for _, message in inbox.where(lambda m: True)]
        assert len(ids) == int(counts["sent"]) > 0
        assert len(set(ids)) == len(ids), "no message twice"
    finally:
        for server in servers:
            assert server.stop() == 0


class Receiver:
    """A local web hook receiver: keeps every POST with its headers."""

    def __init__(self):
        import http.server
        received = self.received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def test_webhooks_are_signed_and_carry_only_what_is_meant_for_everyone(tmp_path):
    import hashlib
    import hmac
    database = f"sqlite:{tmp_path / 'hooks.db'}"
    demo_database(database)
    receiver = Receiver()
    server = RunningTrellis(database)  # no SMTP server: web hooks still go out
    try:
        admin = token_for(server.base_url, "jordan.reyes@northwind.example")
        created = call("POST", server.base_url + "/api/v1/admin/webhooks",
                       {"url": receiver.url, "events": ["celebration"]}, token=admin)
        secret = created["secret"]
        grace = token_for(server.base_url, "grace.mensah@northwind.example")
        for title, audience in [("TEAM-ONLY-GOAL", "team"), ("Ship my first feature", "everyone")]:
            goal = call("POST", server.base_url + "/api/v1/me/goals",
                        {"title": title, "horizon": "short term", "visibility": "private"}, token=grace)
            call("PATCH", f"{server.base_url}/api/v1/goals/{goal['id']}", {"status": "achieved"}, token=grace)
            call("POST", server.base_url + "/api/v1/celebrations",
                 {"kind": "goal", "subjectId": goal["id"], "audience": audience}, token=grace)
        deadline = time.time() + 20
        while not receiver.received and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)
        assert len(receiver.received) == 1, "only the celebration shared with everyone"
        headers, body = receiver.received[0]
        expected = hmac.new(secret.encode(), f"{headers['X-Trellis-Timestamp']}.".encode() + body,
                            hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Trellis-Signature"], f"sha256={expected}")
        assert headers["X-Trellis-Event"] == "celebration"
        payload = json.loads(body)
        assert payload["text"].startswith("🎉 Grace Mensah celebrates: Ship my first feature")
        assert "TEAM-ONLY-GOAL" not in body.decode()
    finally:
        receiver.server.shutdown()
        assert server.stop() == 0

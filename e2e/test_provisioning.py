"""SCIM 2.0 provisioning as Okta and Microsoft Entra ID send it: joiners, changes, a manager change,
a loop refused, groups as teams, leavers deactivated and not deleted; checked through Trellis's own
API. And scim2-tester's conformance checks, with no fault found."""

import json
import urllib.error
import urllib.parse
import urllib.request

from conftest import RunningTrellis, sign_in
from test_email import call, demo_database, token_for

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TRELLIS = "urn:trellis:params:scim:schemas:extension:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"


def scim(base, method, path, body=None, token=None, headers=None):
    request = urllib.request.Request(
        base + "/scim/v2" + path, method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/scim+json", "Authorization": f"Bearer {token}", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), error.headers


def test_okta_and_entra_provision_people_under_the_import_rules(tmp_path, browser):
    database = f"sqlite:{tmp_path / 'scim.db'}"
    demo_database(database)
    server = RunningTrellis(database)
    base = server.base_url
    try:
        admin = token_for(base, "jordan.reyes@northwind.example")
        created = call("POST", base + "/api/v1/admin/provisioning-tokens", {"name": "Okta"}, token=admin)
        token = created["token"]
        assert token.startswith("trellis_scim_")

        # Discovery.
        status, config, _ = scim(base, "GET", "/ServiceProviderConfig", token=token)
        assert status == 200 and config["patch"]["supported"] and config["filter"]["supported"]
        status, types, _ = scim(base, "GET", "/ResourceTypes", token=token)
        assert [t["id"] for t in types["Resources"]] == ["User", "Group"]
        status, schemas, _ = scim(base, "GET", "/Schemas", token=token)
        assert {s["id"] for s in schemas["Resources"]} == {USER, ENTERPRISE, TRELLIS, GROUP}

        daniel = scim(base, "GET", "/Users?filter=" + urllib.parse.quote('userName eq "DANIEL.KIM@northwind.example"'),
                      token=token)[1]["Resources"][0]

        # Okta: a joiner, with the enterprise extension and Trellis's own.
        status, nia, headers = scim(base, "POST", "/Users", {
            "schemas": [USER, ENTERPRISE, TRELLIS], "userName": "nia.okafor@northwind.example",
            "name": {"givenName": "Nia", "familyName": "Okafor"}, "externalId": "00u1okta",
            "emails": [{"value": "nia.okafor@northwind.example", "type": "work", "primary": True}],
            "title": "Engineer", "active": True,
            ENTERPRISE: {"employeeNumber": "E-9001", "department": "Engineering", "manager": {"value": daniel["id"]}},
            TRELLIS: {"team": "Platform", "location": "Lisbon"}}, token=token)
        assert status == 201, nia
        assert headers["Location"].endswith(f"/scim/v2/Users/{nia['id']}") and headers["ETag"] == nia["meta"]["version"]
        person = call("GET", f"{base}/api/v1/people/{nia['id']}", token=admin)
        assert (person["email"], person["team"], person["location"]) == (
            "nia.okafor@northwind.example", "Platform", "Lisbon")
        assert person["managerId"] == int(daniel["id"])
        # The same userName again is a SCIM conflict.
        status, error, _ = scim(base, "POST", "/Users", {"schemas": [USER], "userName": "Nia.Okafor@northwind.example"},
                                token=token)
        assert status == 409 and error["scimType"] == "uniqueness"

        # Okta: a PUT of the whole user, then deactivation by PATCH without a path.
        nia["title"] = "Senior Engineer"
        status, replaced, _ = scim(base, "PUT", f"/Users/{nia['id']}", nia, token=token,
                                   headers={"If-Match": nia["meta"]["version"]})
        assert status == 200 and replaced["title"] == "Senior Engineer"
        status, error, _ = scim(base, "PUT", f"/Users/{nia['id']}", nia, token=token,
                                headers={"If-Match": 'W/"2001-01-01 00:00:00.000"'})
        assert status == 412
        status, off, _ = scim(base, "PATCH", f"/Users/{nia['id']}",
                              {"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"active": False}}]},
                              token=token)
        assert status == 200 and off["active"] is False
        assert call("GET", f"{base}/api/v1/people/{nia['id']}", token=admin)["active"] is False

        # Entra ID: capitalised ops, booleans as strings, a filtered email path, the manager as a string.
        ravi = scim(base, "GET", "/Users?filter=" + urllib.parse.quote('userName eq "ravi.iyer@northwind.example"'),
                    token=token)[1]["Resources"][0]
        status, entra, _ = scim(base, "PATCH", f"/Users/{nia['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "Replace", "path": "active", "value": "True"},
            {"op": "Add", "path": 'emails[type eq "work"].value', "value": "nia.okafor@northwind.example"},
            {"op": "Replace", "path": f"{ENTERPRISE}:manager", "value": ravi["id"]},
            {"op": "Replace", "path": "name.familyName", "value": "Okafor-Silva"}]}, token=token)
        assert status == 200, entra
        assert entra["active"] is True and entra["name"]["familyName"] == "Okafor-Silva"
        assert entra[ENTERPRISE]["manager"]["value"] == ravi["id"]
        people_team = token_for(base, "priya.nair@northwind.example")
        employment = call("GET", f"{base}/api/v1/people/{nia['id']}/employment", token=people_team)
        assert len(employment["managerHistory"]) == 2, "the manager change is in the history, as an edit would be"

        # A reporting loop is refused: Ravi cannot report to Nia, who reports to him.
        status, error, _ = scim(base, "PATCH", f"/Users/{ravi['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": nia["id"]}}]}, token=token)
        assert status == 400 and error["scimType"] == "invalidValue"

        # Filters.
        def count(expression):
            status, body, _ = scim(base, "GET", "/Users?count=0&filter=" + urllib.parse.quote(expression), token=token)
            assert status == 200, body
            return body["totalResults"]
        assert count('userName sw "nia."') == 1
        assert count('name.familyName co "kafor-sil"') == 1
        assert count(f'{ENTERPRISE}:department eq "Engineering" and active eq true') >= 1
        assert count('externalId pr and (title eq "Senior Engineer" or title eq "nobody")') == 1
        assert count('not (active eq true)') == 0
        status, error, _ = scim(base, "GET", "/Users?filter=" + urllib.parse.quote('password eq "x"'), token=token)
        assert status == 400 and error["scimType"] == "invalidFilter"
        status, page, _ = scim(base, "GET", "/Users?startIndex=2&count=3", token=token)
        assert page["startIndex"] == 2 and page["itemsPerPage"] == 3 and page["totalResults"] > 3

        # Entra ID often sends a userPrincipalName as userName, with the email in emails.
        status, upn, _ = scim(base, "POST", "/Users", {
            "schemas": [USER], "userName": "kofi@northwind.onmicrosoft.example",
            "name": {"givenName": "Kofi", "familyName": "Mensah"},
            "emails": [{"value": "kofi.mensah@northwind.example", "type": "work", "primary": True}]}, token=token)
        assert status == 201 and upn["userName"] == "kofi@northwind.onmicrosoft.example"
        assert upn["emails"][0]["value"] == "kofi.mensah@northwind.example"
        assert count('userName eq "KOFI@northwind.onmicrosoft.example"') == 1
        assert call("GET", f"{base}/api/v1/people/{upn['id']}", token=admin)["email"] == "kofi.mensah@northwind.example"
        status, error, _ = scim(base, "POST", "/Users", {"schemas": [USER], "userName": "no-email-here"}, token=token)
        assert status == 400 and "emails" in error["detail"]
        # Only what is asked for, and SCIM errors also where no route answers.
        status, slim, _ = scim(base, "GET", f"/Users/{upn['id']}?attributes=userName", token=token)
        assert set(slim) == {"id", "schemas", "meta", "userName"}
        status, error, _ = scim(base, "GET", "/Roles", token=token)
        assert status == 404 and error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]

        # Groups are teams. Okta pushes a group with its members.
        status, group, headers = scim(base, "POST", "/Groups", {
            "schemas": [GROUP], "displayName": "Payments", "externalId": "00g1okta",
            "members": [{"value": nia["id"]}, {"value": upn["id"]}]}, token=token)
        assert status == 201, group
        assert headers["Location"].endswith(f"/Groups/{group['id']}")
        assert {m["value"] for m in group["members"]} == {nia["id"], upn["id"]}
        team_of = lambda user: call("GET", f"{base}/api/v1/people/{user['id']}", token=admin)["team"]
        assert team_of(nia) == "Payments" and team_of(upn) == "Payments"
        assert scim(base, "GET", f"/Users/{upn['id']}", token=token)[1]["groups"] == [
            {"value": group["id"], "$ref": f"/scim/v2/Groups/{group['id']}", "display": "Payments"}]
        # The people team sees the team, the manager and the title on the profile page.
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, base, "priya.nair@northwind.example")
        page.goto(f"{base}/people/{nia['id']}")
        profile = page.locator("main").inner_text()
        assert "Payments" in profile and "Ravi Iyer" in profile and "Senior Engineer" in profile, profile
        context.close()
        status, error, _ = scim(base, "POST", "/Groups", {"schemas": [GROUP], "displayName": "payments"}, token=token)
        assert status == 409 and error["scimType"] == "uniqueness"
        # Okta adds a member, then removes one by a filtered path, then renames the group.
        status, group, _ = scim(base, "PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": ravi["id"], "display": "Ravi"}]}]}, token=token)
        assert status == 200 and team_of(ravi) == "Payments"
        status, group, _ = scim(base, "PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "remove", "path": f'members[value eq "{upn["id"]}"]'}]}, token=token)
        assert status == 200 and team_of(upn) == ""
        status, group, _ = scim(base, "PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "replace", "value": {"id": group["id"], "displayName": "Payments Core"}}]}, token=token)
        assert status == 200 and group["displayName"] == "Payments Core"
        assert team_of(nia) == "Payments Core" and team_of(ravi) == "Payments Core"
        # Entra ID asks whether someone is a member, then removes them with a list of values.
        def groups_matching(expression):
            return scim(base, "GET", "/Groups?excludedAttributes=members&filter=" + urllib.parse.quote(expression),
                        token=token)[1]
        found = groups_matching(f'id eq "{group["id"]}" and members eq "{ravi["id"]}"')
        assert found["totalResults"] == 1 and "members" not in found["Resources"][0]
        assert groups_matching(f'displayName eq "payments core"')["totalResults"] == 1
        status, group, _ = scim(base, "PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "Remove", "path": "members", "value": [{"value": ravi["id"]}]}]}, token=token)
        assert status == 200 and team_of(ravi) == ""
        assert groups_matching(f'members eq "{ravi["id"]}"')["totalResults"] == 0
        # Someone who is not a user cannot join; a deleted group leaves its members without a team.
        status, error, _ = scim(base, "PATCH", f"/Groups/{group['id']}", {"schemas": [PATCH], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": "999999"}]}]}, token=token)
        assert status == 400 and error["scimType"] == "invalidValue" and team_of(nia) == "Payments Core"
        assert scim(base, "DELETE", f"/Groups/{group['id']}", token=token)[0] == 204
        assert team_of(nia) == "" and scim(base, "GET", f"/Groups/{group['id']}", token=token)[0] == 404
        renamed = call("GET", base + "/api/v1/admin/audit?action=renamed+team", token=admin)["items"]
        assert renamed and renamed[0]["detail"] == "SCIM: Okta: Payments → Payments Core"

        # A leaver: deleted from SCIM, kept in Trellis as someone who left.
        status, _, _ = scim(base, "DELETE", f"/Users/{nia['id']}", token=token)
        assert status == 204
        assert scim(base, "GET", f"/Users/{nia['id']}", token=token)[0] == 404
        assert call("GET", f"{base}/api/v1/people/{nia['id']}", token=admin)["active"] is False

        # Without a valid token nothing answers; a revoked token stops working.
        status, error, headers = scim(base, "GET", "/Users", token="trellis_scim_made-up")
        assert status == 401 and error["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
        call("DELETE", f"{base}/api/v1/admin/provisioning-tokens/{created['provisioningToken']['id']}", token=admin)
        assert scim(base, "GET", "/Users", token=token)[0] == 401

        log = call("GET", base + "/api/v1/admin/audit?action=created+person", token=admin)["items"]
        assert any(e["detail"] == "SCIM: Okta" and e["via"] == "SCIM" for e in log)
    finally:
        assert server.stop() == 0
    assert not [line for line in server.log_lines() if '"status":5' in line]


def test_scim2_tester_finds_no_fault(tmp_path):
    from httpx2 import Client
    from scim2_client.engines.httpx2 import SyncSCIMClient
    from scim2_tester import check_server

    database = f"sqlite:{tmp_path / 'scim.db'}"
    demo_database(database)
    server = RunningTrellis(database)
    try:
        admin = token_for(server.base_url, "jordan.reyes@northwind.example")
        token = call("POST", server.base_url + "/api/v1/admin/provisioning-tokens", {"name": "scim2-tester"},
                     token=admin)["token"]
        client = SyncSCIMClient(Client(base_url=server.base_url + "/scim/v2",
                                       headers={"Authorization": f"Bearer {token}"}))
        client.discover()
        results = check_server(client)
        faults = [f"{r.status.name} {r.title}: {r.reason}" for r in results
                  if r.status.name not in ("SUCCESS", "SKIPPED")]
        assert not faults, "\n".join(faults)
        passed = [r for r in results if r.status.name == "SUCCESS"]
        skipped = {r.reason for r in results if r.status.name == "SKIPPED"}
        # Searching Users and Groups at once (POST /.search) answers 501, as RFC 7644 allows.
        assert skipped <= {"POST /.search: searching several resource types at once is not supported by the server"}
        assert len(passed) >= 80, f"only {len(passed)} checks ran"
        print(f"scim2-tester: {len(passed)} passed, {len(results) - len(passed)} skipped")
    finally:
        assert server.stop() == 0
    # 501 is the answer to POST /.search; nothing else failed.
    assert not [line for line in server.log_lines() if '"status":5' in line and '"status":501' not in line]

"""The open-data API keeps its published contract: schemathesis, all checks.

Every operation of ``/api/v1/openapi.json`` gets generated requests — valid ones (positive)
and ones that break the schema (negative) — sent to the WSGI app in-process, and every response
is checked by all of schemathesis's checks: no server error, the status documented, the body
JSON and matching its schema, the headers documented, invalid input rejected and valid input
accepted. The API's rate limit is raised for this client by a settings override (it stays on in
production). Also: the errors that never reach a view (a NUL byte, an overlong query) answer
JSON under ``/api/``.
"""

import json

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation.modes import GenerationMode

EXAMPLES = 40  # per operation and mode


@pytest.fixture
def api_schema(settings):
    """The schema, served by the WSGI app in-process. Like Django's test client, the requests
    keep the test's database connection (and its transaction) open between them."""
    from creaconnect.wsgi import application

    settings.SHOWCASE_API_RATE = "100000/m"
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(operation, mode, checks, cases, failures):
    @hsettings(max_examples=EXAMPLES, deadline=None, database=None,
               suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        cases[0] += 1
        try:
            case.call_and_validate(checks=checks)
        except (AssertionError, FailureGroup) as exc:  # schemathesis's failures
            failures.append(f"{case.operation.label} [{mode}]: {exc}"[:600])

    try:
        run()
    except Unsatisfiable:
        if mode == GenerationMode.POSITIVE:
            raise
        # No parameter to break (an operation without inputs): nothing negative to send.


@pytest.mark.django_db
def test_every_operation_keeps_the_contract_under_all_checks(api_schema, capsys):
    call_command("seed_demo", verbosity=0)
    load_all_checks()
    checks = list(CHECKS.get_all())
    cases, failures, operations = [0], [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            fuzz(operation, mode, checks, cases, failures)
    with capsys.disabled():
        print(f"\n[api contract] {operations} operations, {cases[0]} schemathesis cases, "
              f"{len(checks)} checks each, failures: {len(failures)}")
    assert operations >= 5
    assert cases[0] >= 100
    assert failures == [], "\n".join(sorted(set(failures))[:20])


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/projects?hub=%00", "/api/v1/projects?q=" + "x" * 5000,
                                  "/api/v1/projects?theme=null", "/api/v1/nowhere"])
def test_api_errors_are_json_and_documented(client, path, settings):
    settings.SHOWCASE_API_RATE = "100000/m"
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    assert "detail" in json.loads(response.content)
    if path.startswith("/api/v1/projects"):
        spec = client.get("/api/v1/openapi.json").json()
        documented = spec["paths"]["/api/v1/projects"]["get"]["responses"]
        assert str(response.status_code) in documented, sorted(documented)

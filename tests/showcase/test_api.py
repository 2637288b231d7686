"""The open-data API: schema valid, every documented endpoint answers as documented, the
same projects as the gallery, CORS, caching, rate limit."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from showcase.models import Award, ProjectState

pytestmark = pytest.mark.django_db

TYPES = {"string": str, "integer": int, "boolean": bool, "array": list, "object": dict,
         "number": (int, float), "null": type(None)}


class SchemaChecker:
    """A small JSON-Schema checker for what django-ninja emits (type, properties, required,
    items, $ref, anyOf, enum, additionalProperties, format date-time)."""

    def __init__(self, spec):
        self.spec = spec

    def resolve(self, ref):
        assert ref.startswith("#/"), ref
        node = self.spec
        for part in ref[2:].split("/"):
            node = node[part]
        return node

    def check(self, value, schema, path="$"):  # noqa: C901  one branch per JSON Schema keyword
        if "$ref" in schema:
            return self.check(value, self.resolve(schema["$ref"]), path)
        if "anyOf" in schema:
            errors = []
            for option in schema["anyOf"]:
                try:
                    self.check(value, option, path)
                    return
                except AssertionError as exc:
                    errors.append(str(exc))
            raise AssertionError(f"{path}: no anyOf option matched: {errors}")
        if "enum" in schema:
            assert value in schema["enum"], f"{path}: {value!r} not in enum"
        kind = schema.get("type")
        if kind:
            expected = TYPES[kind]
            ok = isinstance(value, expected) and not (kind == "integer" and
                                                      isinstance(value, bool))
            assert ok, f"{path}: expected {kind}, got {type(value).__name__}"
        if kind == "string" and schema.get("format") == "date-time":
            assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value), f"{path}: not a date-time"
        if kind == "object":
            for name in schema.get("required", []):
                assert name in value, f"{path}: missing {name}"
            for name, sub in schema.get("properties", {}).items():
                if name in value:
                    self.check(value[name], sub, f"{path}.{name}")
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict):
                for name, item in value.items():
                    self.check(item, extra, f"{path}.{name}")
        if kind == "array":
            for i, item in enumerate(value):
                self.check(item, schema.get("items", {}), f"{path}[{i}]")


def validate_spec(spec):
    """Structural validation of an OpenAPI 3 document: required members, every $ref
    resolves, every operation has responses, path parameters are declared."""
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"]
    assert spec["info"]["version"]
    assert spec["paths"]
    checker = SchemaChecker(spec)
    refs = re.findall(r'"\$ref": "([^"]+)"', __import__("json").dumps(spec))
    for ref in refs:
        checker.resolve(ref)
    for path, item in spec["paths"].items():
        assert path.startswith("/api/v1/")
        for method, op in item.items():
            assert method in {"get", "put", "post", "delete", "patch", "options", "head",
                              "trace", "parameters"}
            assert op["responses"], (path, method)
            assert op["operationId"]
            declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
            for param in op.get("parameters", []):
                assert param["in"] in {"query", "path", "header", "cookie"}
                assert "schema" in param
    return checker


@pytest.fixture
def published(hub_a, hub_b, make_project):
    a = make_project(hub_a, title="Créatif one", theme="climate", countries=["FR"],
                     looking_for=["funding"], members=2)
    b = make_project(hub_b, title="Second", theme="urban", stage="pilot", countries=["RS"])
    with scopes_disabled():
        Award.objects.create(project=b, title="Prize", year=2026)
    make_project(hub_a, title="Draft", state=ProjectState.DRAFT)
    return a, b


def test_openapi_schema_is_valid_and_every_endpoint_answers_as_documented(client, published):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    spec = response.json()
    checker = validate_spec(spec)
    a, _b = published
    answered = 0
    for path, item in spec["paths"].items():
        for method, op in item.items():
            assert method == "get"  # read-only API
            url = path.replace("{slug}", a.slug)
            got = client.get(url)
            assert str(got.status_code) in op["responses"], (url, got.status_code)
            schema = op["responses"][str(got.status_code)]["content"]["application/json"][
                "schema"]
            checker.check(got.json(), schema)
            assert got["Access-Control-Allow-Origin"] == "*"
            answered += 1
            # A documented 404 answers with its documented shape too.
            if "404" in op["responses"]:
                missing = client.get(path.replace("{slug}", "no-such-project"))
                assert missing.status_code == 404
                checker.check(missing.json(), op["responses"]["404"]["content"][
                    "application/json"]["schema"])
    assert answered >= 4


def test_api_serves_the_same_projects_as_the_gallery(client, published):
    gallery = {p.slug for p in client.get("/showcase/").context["projects"]}
    api = {r["slug"] for r in client.get("/api/v1/projects").json()["results"]}
    assert api == gallery
    assert len(api) == 2
    body = client.get("/api/v1/projects", {"q": "creatif"}).json()
    assert [r["slug"] for r in body["results"]] == [published[0].slug]
    assert client.get("/api/v1/projects", {"awards": "true"}).json()["count"] == 1
    assert client.get("/api/v1/projects", {"theme": "bogus"}).status_code == 422


def test_api_exposes_no_personal_data(client, published):
    text = client.get("/api/v1/projects").content.decode()
    text += client.get(f"/api/v1/projects/{published[0].slug}").content.decode()
    assert "@" not in text.replace("@context", "")
    detail = client.get(f"/api/v1/projects/{published[0].slug}").json()
    assert set(detail["team"]) == {"Member 1.0", "Member 1.1"}


def test_api_pagination(client, hub_a, make_project):
    for i in range(25):
        make_project(hub_a, title=f"P{i}")
    first = client.get("/api/v1/projects", {"page_size": 10}).json()
    assert first["count"] == 25
    assert first["pages"] == 3
    assert len(first["results"]) == 10
    assert first["previous"] is None
    assert "page=2" in first["next"]
    last = client.get("/api/v1/projects", {"page_size": 10, "page": 3}).json()
    assert len(last["results"]) == 5
    assert last["next"] is None
    assert client.get("/api/v1/projects", {"page_size": 1000}).json()["page_size"] == 100


def test_api_is_cached_and_query_count_does_not_grow(client, hub_a, make_project):
    for i in range(5):
        make_project(hub_a, title=f"P{i}", members=2)

    def queries():
        cache.clear()  # measure the uncached path
        with CaptureQueriesContext(connection) as ctx:
            client.get("/api/v1/projects", {"page_size": 50})
        return len(ctx.captured_queries)

    few = queries()
    for i in range(20):
        make_project(hub_a, title=f"Q{i}", members=2)
    assert queries() == few
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/figures")
        client.get("/api/v1/figures")
    uncached = len(ctx.captured_queries)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/api/v1/figures")
    assert len(ctx.captured_queries) == 0 < uncached


def test_api_rate_limit(client, settings, published):
    settings.SHOWCASE_API_RATE = "5/m"
    codes = [client.get("/api/v1/hubs").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5
    assert codes[5:] == [429, 429]


def test_figures_and_hubs(client, published, hub_a, hub_b):
    figures = client.get("/api/v1/figures").json()
    assert figures["published_projects"] == 2
    assert figures["award_winning_projects"] == 1
    assert figures["by_hub"] == {hub_a.slug: 1, hub_b.slug: 1}
    assert figures["countries"] == 2
    hubs = {h["slug"]: h["published_projects"] for h in client.get("/api/v1/hubs").json()}
    assert hubs == {hub_a.slug: 1, hub_b.slug: 1}


def test_forwarded_for_headers_do_not_escape_the_rate_limit(client, settings, published):
    settings.SHOWCASE_API_RATE = "3/m"
    codes = [client.get("/api/v1/hubs", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}").status_code
             for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]

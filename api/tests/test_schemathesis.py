"""Property-based tests generated from the OpenAPI schema (schemathesis), against the API
served on loopback: no 500s, every answer matches the schema (status, content type, body).

Driven through schemathesis' Python API with Hypothesis' own `given` (its pytest plugin does
not yet run under this pytest), one operation after another."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.models import Scope
from api.tests.conftest import make_report, token_for

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES = 25


def test_every_operation_keeps_its_schema(live_server, wiki, reporter, responder, community_queue):
    references = [make_report(wiki, reporter, queue=community_queue).reference for _ in range(3)]
    # Path parameters drawn from what exists as well as from the schema, so that the
    # generated requests reach real cases and queues, not only 404s.
    real = {
        "reference": references,
        "team": [community_queue.team.slug],
        "queue": [community_queue.slug],
        "wiki": [wiki.slug],
        "assignee": ["me", "none", responder.username],
    }
    headers = {"Authorization": f"Bearer {token_for(responder, Scope.ACT)}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema")
    schema.config.update(base_url=live_server.url)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11

    for operation in operations:

        @given(case=operation.as_strategy(), data=st.data())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case, data):
            for name, value in (case.path_parameters or {}).items():
                if name in real:
                    case.path_parameters[name] = data.draw(st.sampled_from([*real[name], value]))
            query = case.query or {}
            query.pop("cursor", None)  # opaque: only ones the API gave out (unit-tested)
            for name in ("wiki", "assignee"):  # open sets: a real value or none
                if name in query:
                    query[name] = data.draw(st.sampled_from(real[name]))
            case.call_and_validate(headers=headers)

        check()

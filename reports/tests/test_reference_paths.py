"""Every path that carries a report reference takes only the shape IRS writes (the `ref`
converter): anything else is 404 before a view or a query sees it (a NUL would otherwise
reach PostgreSQL, which refuses it with a server error)."""

import pytest
from django.urls import NoReverseMatch, reverse

from reports.models import new_reference

PATHS = [
    "/my-reports/{}",
    "/my-reports/{}/submitted",
    "/desk/cases/{}",
    "/desk/cases/{}/note",
    "/desk/my-reports/{}/reply",
    "/desk/my-reports/{}/appeal",
    "/desk/my-reports/{}/withdraw",
    "/desk/legal-holds/{}",
]
FORGED = ["%00", "R-ABCD-EFG%00", "r-abcd-efgh", "R-ABCD-EFGH-", "R-ABCD-EFGH%0A", "x" * 300]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_reference_is_404_at_every_door(client, reporter, path, method):
    client.force_login(reporter)
    for forged in FORGED:
        assert getattr(client, method)(path.format(forged)).status_code == 404, forged


def test_the_converter_takes_every_reference_irs_writes():
    for _ in range(200):
        reference = new_reference()
        assert reverse("reports:detail", args=[reference]).endswith(reference)
    with pytest.raises(NoReverseMatch):
        reverse("reports:detail", args=["R-ABCD-EFG\x00"])

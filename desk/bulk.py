"""Bulk actions on cases selected in a queue: assign, change status, close as not actionable,
close as duplicates of one case.

Two steps: the queue's form posts the selection, a confirmation page lists every case and
what will happen to it, and only the confirmed post changes anything. Each case goes through
the same action as on its own page (desk.cases), so each gets its own timeline event, audit
entry and emails. Permission is checked for every case: a reference that is not a case of
this queue the viewer may open (forged, another team's, a recusal) refuses the whole
request and nothing changes. All changes commit together or not at all.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from desk import access, cases
from reports.models import Report, Status

MAX_CASES = 100
REFERENCE = re.compile(r"^[A-Z0-9-]{1,16}$")

ACTIONS = {
    "assign": gettext_lazy("Assign to"),
    "status": gettext_lazy("Change status to"),
    "not-actionable": gettext_lazy("Close as not actionable"),
    "duplicate": gettext_lazy("Close as duplicates of one case"),
}


@dataclass
class Bulk:
    action: str
    cases: list  # Report rows, in the order selected
    assignee: AbstractBaseUser | None = None  # None: unassign
    status: str = ""
    target: Report | None = None
    unchanged: list = field(default_factory=list)  # cases already as asked: left alone

    @property
    def changing(self) -> list:
        skip = {c.pk for c in self.unchanged}
        return [c for c in self.cases if c.pk not in skip]


def prepare(user, queue, post) -> Bulk:
    """Read and check a bulk request; raise cases.CaseError (nothing changed) when any part
    is refused."""
    action = post.get("action", "")
    if action not in ACTIONS:
        raise cases.CaseError(_("Choose what to do with the selected cases."))
    references = list(dict.fromkeys(r.strip().upper() for r in post.getlist("case")))
    if not references:
        raise cases.CaseError(_("Select at least one case."))
    if len(references) > MAX_CASES:
        raise cases.CaseError(_("Select at most %(limit)s cases at a time.") % {"limit": MAX_CASES})
    if not all(REFERENCE.match(r) for r in references):
        raise cases.CaseError(_("Some of the selected cases are not in this queue."))
    visible = access.restrict_to_visible(Report.objects.filter(queue=queue), user)
    found = {
        r.reference: r
        for r in visible.filter(reference__in=references).select_related(
            "wiki", "queue__team", "assignee"
        )
    }
    if len(found) != len(references):
        missing = len(references) - len(found)
        raise cases.CaseError(
            _(
                "%(count)s of the selected cases are not cases of this queue that you may work "
                "on. Nothing was changed."
            )
            % {"count": missing}
        )
    bulk = Bulk(action=action, cases=[found[r] for r in references])
    if action == "assign":
        assignee_id = post.get("assignee", "")
        if assignee_id:
            members = cases.assignable_members(bulk.cases[0]).distinct()
            try:
                bulk.assignee = members.get(pk=int(assignee_id))
            except (ValueError, TypeError, OverflowError, members.model.DoesNotExist) as error:
                raise cases.CaseError(_("Choose a member of this case's team.")) from error
            for case in bulk.cases:
                if access.is_recused(bulk.assignee, case):
                    raise cases.CaseError(
                        _("%(name)s may not be given case %(reference)s (it is about them).")
                        % {"name": bulk.assignee.get_username(), "reference": case.reference}
                    )
        wanted = bulk.assignee.pk if bulk.assignee else None
        bulk.unchanged = [c for c in bulk.cases if c.assignee_id == wanted]
    elif action in ("status", "not-actionable"):
        bulk.status = Status.NOT_ACTIONABLE if action == "not-actionable" else post.get("status")
        if bulk.status not in cases.SETTABLE_STATUSES:
            raise cases.CaseError(_("Choose one of the listed statuses."))
        bulk.unchanged = [c for c in bulk.cases if c.status == bulk.status]
    else:
        target_reference = (post.get("target", "") or "").strip().upper()
        bulk.target = (
            access.visible_cases(user)
            .select_related("queue__team")
            .filter(reference=target_reference)
            .first()
        )
        if bulk.target is None:
            raise cases.CaseError(_("No case with that reference in your queues."))
        if bulk.target.reference in found:
            raise cases.CaseError(_("The case to keep cannot be one of the selected cases."))
        if bulk.target.duplicate_of_id is not None:
            raise cases.CaseError(
                _("That case is itself a duplicate; merge into the case it duplicates.")
            )
        bulk.unchanged = [c for c in bulk.cases if c.duplicate_of_id == bulk.target.pk]
    if not bulk.changing:
        raise cases.CaseError(_("The selected cases are already that way: nothing to change."))
    return bulk


@transaction.atomic
def run(user, bulk: Bulk) -> int:
    """Apply `bulk` to every case that changes, each through its own action (its event, its
    audit entry, its emails). Returns how many cases changed."""
    visible = access.visible_cases(user)
    for case in bulk.changing:
        if bulk.action == "assign":
            cases.assign(case, user, bulk.assignee.pk if bulk.assignee else "")
        elif bulk.action in ("status", "not-actionable"):
            cases.change_status(case, user, bulk.status)
        else:
            cases.merge_into(case, user, bulk.target.reference, visible)
    return len(bulk.changing)

"""desk/access.py's rules one by one, below the views (written against the mutants bin/mutants
found): who is an operator, a responder or a lead; which cases, teams and queues each sees;
recusal by name, ignoring case, on the report's own wiki only; a reporter's own reports."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from accounts.models import User
from desk import access
from desk.cases import CaseError
from desk.models import Team, TeamMembership
from desk.tests.conftest import make_report
from irs import demo
from reports.models import Report

pytestmark = pytest.mark.django_db

ANONYMOUS = AnonymousUser()


def references(reports) -> set[str]:
    return set(reports.values_list("reference", flat=True))


def test_only_a_logged_in_superuser_is_an_operator(operator, responder):
    staff = User.objects.create_user("Staff", "staff@example.org", "x", is_staff=True)
    assert access.is_operator(operator)
    assert not access.is_operator(staff)
    assert not access.is_operator(responder)
    assert not access.is_operator(ANONYMOUS)


def test_teams_of_each_kind_of_person(operator, responder, reporter, community_team, other_team):
    assert set(access.teams_of(operator)) == set(Team.objects.all())
    assert len(set(access.teams_of(operator))) >= 2
    assert list(access.teams_of(responder)) == [community_team]
    assert not access.teams_of(reporter).exists()
    assert not access.teams_of(ANONYMOUS).exists()


def test_responders_are_team_members_and_operators(operator, responder, reporter):
    assert access.is_responder(operator) and access.is_responder(responder)
    assert not access.is_responder(reporter) and not access.is_responder(ANONYMOUS)
    access.require_responder(responder)
    access.require_responder(operator)
    for nobody in (reporter, ANONYMOUS):
        with pytest.raises(PermissionDenied):
            access.require_responder(nobody)


def test_leads_are_the_teams_leads_and_operators(operator, lead, responder, community_team):
    other = Team.objects.create(slug="elsewhere", name="Elsewhere")
    assert access.is_lead(operator, community_team) and access.is_lead(operator, other)
    assert access.is_lead(lead, community_team) and not access.is_lead(lead, other)
    assert not access.is_lead(responder, community_team)
    access.require_lead(lead, community_team)
    for user, team in ((responder, community_team), (lead, other)):
        with pytest.raises(PermissionDenied):
            access.require_lead(user, team)


def test_visible_cases_are_those_in_the_viewers_teams_queues(
    wiki, reporter, operator, responder, other_responder, community_queue, other_queue
):
    ours = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    theirs = make_report(wiki, reporter, queue=other_queue, reported_user="Someone")
    unqueued = make_report(wiki, reporter, queue=None, reported_user="Someone")
    assert references(access.visible_cases(responder)) == {ours.reference}
    assert references(access.visible_cases(other_responder)) == {theirs.reference}
    assert references(access.visible_cases(operator)) == {ours.reference, theirs.reference}
    assert unqueued.reference not in references(access.visible_cases(operator))
    assert not access.visible_cases(reporter).exists()
    assert not access.visible_cases(ANONYMOUS).exists()


def test_recusal_by_name_ignoring_case_on_the_reports_wiki_only(
    wiki, other_wiki, reporter, community_queue, community_team
):
    troll = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=troll)
    about = make_report(wiki, reporter, queue=community_queue, reported_user="tROLL")
    elsewhere = make_report(other_wiki, reporter, queue=community_queue, reported_user="Troll")
    nobody = make_report(wiki, reporter, queue=community_queue, reported_user="")
    other = make_report(wiki, reporter, queue=community_queue, reported_user="Trolls")

    assert access.is_recused(troll, about)
    assert not access.is_recused(troll, elsewhere)
    assert not access.is_recused(troll, nobody)
    assert not access.is_recused(troll, other)
    visible = references(access.visible_cases(troll))
    assert visible == {elsewhere.reference, nobody.reference, other.reference}
    with pytest.raises(Http404):
        access.case_for(troll, about.reference)
    assert access.case_for(troll, other.reference) == other


def test_a_responder_with_accounts_on_two_wikis_is_recused_on_each(
    wiki, other_wiki, reporter, community_queue, other_queue
):
    both = demo.make_user(wiki, "Twice")
    demo.make_user(other_wiki, "Twice")
    both.wiki_accounts.filter(wiki=other_wiki).update(user=both)
    for queue in (community_queue, other_queue):
        TeamMembership.objects.create(team=queue.team, user=both)
    assert both.wiki_accounts.count() == 2
    here = make_report(wiki, reporter, queue=community_queue, reported_user="Twice")
    there = make_report(other_wiki, reporter, queue=other_queue, reported_user="twice")
    fine = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    assert references(access.visible_cases(both)) == {fine.reference}
    assert access.is_recused(both, here) and access.is_recused(both, there)


def test_without_recused_leaves_reports_alone_for_who_has_no_account(
    wiki, reporter, community_queue
):
    about = make_report(wiki, reporter, queue=community_queue, reported_user="Reporter")
    every = Report.objects.filter(pk=about.pk)
    assert references(access.without_recused(every, ANONYMOUS)) == {about.reference}
    accountless = User.objects.create_user("Accountless", "a@example.org", "x")
    assert references(access.without_recused(every, accountless)) == {about.reference}
    assert not access.without_recused(every, reporter).exists()


def test_assignable_members_leave_out_the_reported_user(
    wiki, reporter, responder, community_queue, community_team
):
    troll = demo.make_user(wiki, "Troll")
    TeamMembership.objects.create(team=community_team, user=troll)
    members = User.objects.filter(pk__in=[troll.pk, responder.pk])
    about = make_report(wiki, reporter, queue=community_queue, reported_user="troll")
    nobody = make_report(wiki, reporter, queue=community_queue, reported_user="")
    assert set(access.assignable(about, members)) == {responder}
    assert set(access.assignable(nobody, members)) == {troll, responder}

    assert access.check_assignable(about, str(responder.pk)) == str(responder.pk)
    assert access.check_assignable(about, responder.pk) == responder.pk
    with translation.override("en"), pytest.raises(CaseError) as refused:
        access.check_assignable(about, str(troll.pk))
    assert str(refused.value) == "Choose a member of this case's team."
    assert access.check_assignable(nobody, str(troll.pk)) == str(troll.pk)
    for left_to_the_assignment in ("", None, "nobody", "99999999", str(10**30)):
        assert access.check_assignable(about, left_to_the_assignment) == left_to_the_assignment


def test_teams_and_queues_outside_the_viewers_teams_are_not_found(
    responder, operator, community_queue, other_queue
):
    team = community_queue.team
    assert access.team_for(responder, team.slug) == team
    assert access.queue_for(responder, team.slug, community_queue.slug) == community_queue
    assert access.queue_for(operator, other_queue.team.slug, other_queue.slug) == other_queue
    for slugs in ((other_queue.team.slug, other_queue.slug), (team.slug, "no-such-queue")):
        with pytest.raises(Http404):
            access.queue_for(responder, *slugs)
    with pytest.raises(Http404):
        access.team_for(responder, other_queue.team.slug)


def test_a_case_within_a_narrower_set_is_found_only_there(
    wiki, reporter, operator, community_queue, other_queue
):
    ours = make_report(wiki, reporter, queue=community_queue, reported_user="Someone")
    theirs = make_report(wiki, reporter, queue=other_queue, reported_user="Someone")
    only_ours = Report.objects.filter(queue=community_queue)
    assert access.case_for(operator, theirs.reference) == theirs
    assert access.case_for(operator, ours.reference, within=only_ours) == ours
    with pytest.raises(Http404):
        access.case_for(operator, theirs.reference, within=only_ours)
    with pytest.raises(Http404):
        access.case_for(operator, "NO-SUCH-CASE")


def test_a_reporter_finds_only_their_own_reports(wiki, reporter, other_reporter, community_queue):
    mine = make_report(wiki, reporter, queue=community_queue)
    assert access.own_report(reporter, mine.reference) == mine
    for user in (other_reporter, ANONYMOUS):
        with pytest.raises(Http404):
            access.own_report(user, mine.reference)
    with pytest.raises(Http404):
        access.own_report(reporter, "NO-SUCH-CASE")

from django.conf import settings
from django.db import models


class Team(models.Model):
    """A group of responders: the global safety team, or a wiki community's responders."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    wiki = models.ForeignKey(
        "wikis.Wiki", null=True, blank=True, on_delete=models.CASCADE, related_name="teams"
    )
    is_safety = models.BooleanField(default=False)
    email = models.EmailField(blank=True)

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="unique_team_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.team_id}"


class Queue(models.Model):
    """Where a team's cases wait. A report routed to the desk sits in exactly one queue."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="queues")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "slug"], name="unique_queue_slug_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.team.slug}/{self.slug}"

import copy

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property

from wikis.defaults import default_config


class Wiki(models.Model):
    """A wiki community served by IRS (a tenant). Everything it decides lives in its config."""

    slug = models.SlugField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug

    @cached_property
    def current_revision(self) -> "ConfigRevision | None":
        return self.config_revisions.order_by("-id").first()

    @property
    def config(self) -> dict:
        """The configuration in force: the newest revision, or the defaults before any exists."""
        revision = self.current_revision
        if revision is None:
            return default_config(self.slug)
        return copy.deepcopy(revision.data)

    @property
    def name(self) -> str:
        return self.config["wiki"]["name"]

    @property
    def content_language(self) -> str:
        return self.config["wiki"]["content_language"]

    def is_admin(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return user.is_superuser or self.admins.filter(user=user).exists()


class ConfigRevision(models.Model):
    """One saved version of a wiki's configuration. Never edited; a change is a new revision."""

    wiki = models.ForeignKey(Wiki, on_delete=models.CASCADE, related_name="config_revisions")
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    summary = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.wiki_id} r{self.pk}"


class WikiAdmin(models.Model):
    """A person who may edit that wiki's IRS configuration."""

    wiki = models.ForeignKey(Wiki, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wiki", "user"], name="unique_wiki_admin")]

    def __str__(self) -> str:
        return f"{self.user_id} admin of {self.wiki_id}"

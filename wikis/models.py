import copy

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irs import text as irs_text
from wikis.defaults import LATER_SECTIONS, default_config


class Wiki(models.Model):
    """A wiki community served by IRS (a tenant). Everything it decides lives in its config."""

    slug = models.SlugField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug

    @property
    def current_revision(self) -> "ConfigRevision | None":
        """The newest revision, read afresh each time: a saved change is in force at once, even
        for a Wiki object that lives longer than one request (no cached_property here)."""
        return self.config_revisions.order_by("-id").first()

    @property
    def config(self) -> dict:
        """The configuration in force: the newest revision, or the defaults before any exists."""
        revision = self.current_revision
        if revision is None:
            return default_config(self.slug)
        # A copy, with anything a page cannot show (a lone surrogate stored before the input
        # rule) replaced, so the wiki's pages keep working and the admin can repair it.
        data = irs_text.scrub(copy.deepcopy(revision.data))
        if isinstance(data, dict):
            # Sections added after this revision was saved are in force with their defaults.
            defaults = default_config(self.slug)
            for name in LATER_SECTIONS:
                data.setdefault(name, defaults[name])
        return data

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

    @property
    def label(self) -> str:
        return f"r{self.pk}"

    def previous(self) -> "ConfigRevision | None":
        return self.wiki.config_revisions.filter(id__lt=self.pk).order_by("-id").first()


class WikiAdmin(models.Model):
    """A person who may edit that wiki's IRS configuration."""

    wiki = models.ForeignKey(Wiki, on_delete=models.CASCADE, related_name="admins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wiki", "user"], name="unique_wiki_admin")]

    def __str__(self) -> str:
        return f"{self.user_id} admin of {self.wiki_id}"


class ConfigAuditEntry(models.Model):
    """One saved change to a wiki's configuration: who, when, how, and which fields changed."""

    class Action(models.TextChoices):
        EDIT = "edit", _("edited in the form")
        RAW_EDIT = "raw-edit", _("edited as JSON")
        REVERT = "revert", _("reverted")
        IMPORT = "import", _("imported from a file")
        CREATE = "create", _("created")

    wiki = models.ForeignKey(Wiki, on_delete=models.CASCADE, related_name="config_audit")
    revision = models.ForeignKey(
        ConfigRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    summary = models.CharField(max_length=500, blank=True)
    changed = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.wiki_id} {self.action} {self.revision_id}"

import copy
import threading

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from irs import text as irs_text
from wikis.defaults import LATER_SECTIONS, default_config, default_section

# The configuration in force as pages read it, by (wiki slug, revision id, its time): scrubbed
# and with later sections filled in. Revisions are never edited, so an entry never goes stale:
# a saved change is a new revision, hence a new key (the time too, in case a rolled-back
# revision's id is used again, as SQLite does). Handed out as deep copies only (callers may change
# what they get), or shared with readers that promise not to (`Wiki.read_config`).
_PROCESSED: dict[tuple, dict] = {}
_PROCESSED_MAX = 256
_PROCESSED_LOCK = threading.Lock()
# Bumped whenever this process saves a revision of a wiki: a wiki object whose configuration a
# request already read sees the new one at once (ConfigRevision.save).
_saved_in_process: dict[int, int] = {}


def _processed(key: tuple, data) -> dict:
    found = _PROCESSED.get(key)
    if found is None:
        # Anything a page cannot show (a lone surrogate stored before the input rule) is
        # replaced, so the wiki's pages keep working and the admin can repair it.
        found = irs_text.scrub(copy.deepcopy(data))
        if isinstance(found, dict):
            # Sections added after this revision was saved are in force with their defaults.
            for name in LATER_SECTIONS:
                if name not in found:
                    found[name] = default_section(name)
        with _PROCESSED_LOCK:  # threaded servers: one writer at a time
            if len(_PROCESSED) >= _PROCESSED_MAX:
                _PROCESSED.pop(next(iter(_PROCESSED)))
            _PROCESSED[key] = found
    return found


class WikiQuerySet(models.QuerySet):
    def with_newest_revision(self):
        """Each wiki with the id of its newest revision: its configuration then costs no
        further query while the process has that revision's data (`Wiki.config`)."""
        newest = ConfigRevision.objects.filter(wiki=models.OuterRef("pk")).order_by("-id")
        return self.annotate(
            newest_revision_id=models.Subquery(newest.values("id")[:1]),
            newest_revision_at=models.Subquery(newest.values("created_at")[:1]),
        )

    def read_together(self, pks) -> dict:
        """The wikis `pks` by id, each read as a request reads its wiki (`for_request`): the
        newest revision's id in this one query, the configuration read once per object. For
        a worker sending a batch of deliveries: the batch reads each wiki's configuration in
        force when it was claimed, as a request does when it begins."""
        found = {}
        for wiki in self.with_newest_revision().filter(pk__in=pks):
            wiki._request_scoped = True
            found[wiki.pk] = wiki
        return found

    def for_request(self, request, slug: str | None = None, *, pk: int | None = None):
        """The wiki `slug` (or `pk`) for this request, or None, looked up once: the language
        middleware, the framing decorator and the view share one object, whose configuration
        is read and processed once for the whole request (`Wiki.config`)."""
        found = request.__dict__.setdefault("_irs_wikis", {})
        key = ("slug", slug) if pk is None else ("pk", pk)
        if key not in found:
            lookup = {"slug": slug} if pk is None else {"pk": pk}
            wiki = self.with_newest_revision().filter(**lookup).first()
            if wiki is not None:
                wiki._request_scoped = True
                found[("slug", wiki.slug)] = found[("pk", wiki.pk)] = wiki
            found[key] = wiki
        return found[key]


class Wiki(models.Model):
    """A wiki community served by IRS (a tenant). Everything it decides lives in its config."""

    slug = models.SlugField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WikiQuerySet.as_manager()

    def __str__(self) -> str:
        return self.slug

    @property
    def current_revision(self) -> "ConfigRevision | None":
        """The newest revision, read afresh each time: a saved change is in force at once, even
        for a Wiki object that lives longer than one request (no cached_property here)."""
        return self.config_revisions.order_by("-id").first()

    def _newest_revision(self) -> tuple | None:
        """(id, created_at) of the newest revision: from the lookup of a request-scoped object
        (`for_request`) unless this process saved a revision since, else asked afresh (one
        small query)."""
        if getattr(self, "_request_scoped", False) and not self.__dict__.get("_stale"):
            found = getattr(self, "newest_revision_id", None)
            return None if found is None else (found, getattr(self, "newest_revision_at", None))
        newest = self.config_revisions.order_by("-id").values_list("id", "created_at")
        return newest.first()

    def read_config(self) -> dict:
        """The configuration in force, for reading only: never change what this returns (it
        is shared with every other reader in the process). `config` gives a copy to change."""
        seen = _saved_in_process.get(self.pk, 0)
        memo = self.__dict__.get("_config_memo")
        if memo is not None and memo[0] == seen:
            return memo[1]
        if memo is not None:
            self._stale = True  # a revision was saved here since: ask for the newest again
        newest = self._newest_revision()
        data: dict | None
        if newest is None:
            data = default_config(self.slug)
        else:
            key = (self.slug, *newest)
            data = _PROCESSED.get(key)
            if data is None:
                stored = ConfigRevision.objects.filter(pk=newest[0]).values_list("data")
                data = _processed(key, stored.get()[0])
        assert data is not None
        if getattr(self, "_request_scoped", False):
            # One request: the configuration it began with (or saved) is read once.
            self.__dict__["_config_memo"] = (seen, data)
        return data

    @property
    def config(self) -> dict:
        """The configuration in force (the newest revision, or the defaults before any
        exists), as a copy the caller may change. For a request's wiki
        (`Wiki.objects.for_request`) it is read and copied once, and every reader of that
        request shares the copy; the processed data of a revision is kept per process."""
        if not getattr(self, "_request_scoped", False):
            return copy.deepcopy(self.read_config())
        # A request's wiki: one copy for the whole request (its pages only read it).
        seen = _saved_in_process.get(self.pk, 0)
        memo = self.__dict__.get("_config_copy")
        if memo is None or memo[0] != seen:
            memo = (seen, copy.deepcopy(self.read_config()))
            self.__dict__["_config_copy"] = memo
        return memo[1]

    @property
    def name(self) -> str:
        return self.read_config()["wiki"]["name"]

    @property
    def content_language(self) -> str:
        return self.read_config()["wiki"]["content_language"]

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

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Wiki objects of this process that read the configuration read it again.
        _saved_in_process[self.wiki_id] = _saved_in_process.get(self.wiki_id, 0) + 1

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

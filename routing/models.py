"""The outbox: one Delivery per destination of a report, sent by a background task."""

import uuid
from datetime import timedelta

from django.db import connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from routing import registry
from wikis.models import Wiki


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    DEAD = "dead", pgettext_lazy("delivery status", "Failed")


def _new_key() -> str:
    return uuid.uuid4().hex


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now):
        """Due and not held by a live worker: pending and due, or sending with a lapsed lease."""
        return self.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, lease_expires_at__lt=now)
        )

    def dead(self):
        return self.filter(status=DeliveryStatus.DEAD)

    def routes(self):
        """A report going to the destinations its wiki configured (not notifications)."""

        return self.exclude(kind__in=registry.internal_kinds())

    def notices(self):
        """Notification emails the application queued (routing.notices)."""

        return self.filter(kind__in=registry.internal_kinds())


class Delivery(models.Model):
    """One report going to one destination, written in the report's own transaction; or one
    notification email to one person (kind `notice`, routing.notices), written in the
    transaction of the event it tells about, about a report or (a digest) about none."""

    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.PROTECT,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=32)
    destination = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # Who holds the lease: a worker may only finish a delivery it still holds.
    lease_token = models.CharField(max_length=32, blank=True)
    last_error = models.TextField(blank=True)
    # Message-ID, wiki revision id, HTTP status, desk queue: whatever proves it arrived.
    external_ref = models.CharField(max_length=255, blank=True)
    # Stable across retries: channels use it so a re-send after a crash can be recognised.
    idempotency_key = models.CharField(max_length=32, unique=True, default=_new_key)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx"),
        ]

    def __str__(self) -> str:
        if self.report_id is None:
            return f"{self.kind} delivery {self.pk}"
        return f"{self.kind} delivery {self.pk} of report {self.report_id}"

    @property
    def label(self) -> str:

        return registry.label(self.kind)

    @property
    def summary(self) -> str:
        """Where it goes, in a few words (no secrets: destinations only name them)."""

        return registry.summarize(self.kind, self.destination)

    def retry(self) -> bool:
        """Give a dead delivery a fresh set of attempts. False if it was not dead."""
        now = timezone.now()
        changed = Delivery.objects.filter(pk=self.pk, status=DeliveryStatus.DEAD).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            lease_expires_at=None,
            lease_token="",
            updated_at=now,
        )
        if changed:
            self.refresh_from_db()
        return bool(changed)

    @classmethod
    def claim(cls, pk: int, lease: timedelta) -> "Delivery | None":
        """Take the delivery for sending if nobody else holds it; one conditional UPDATE.

        Two workers racing for the same row: the database lets exactly one UPDATE match.
        """
        now = timezone.now()
        token = uuid.uuid4().hex
        claimed = (
            cls.objects.filter(pk=pk)
            .claimable(now)
            .update(
                status=DeliveryStatus.SENDING,
                lease_token=token,
                lease_expires_at=now + lease,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
        )
        if not claimed:
            return None
        return cls.objects.select_related("report", "report__wiki").get(pk=pk)

    @classmethod
    def claim_due(cls, limit: int, lease: timedelta) -> "list[Delivery]":
        """Take up to `limit` due deliveries nobody holds, oldest due first, in one
        transaction: one SELECT of their ids, one conditional UPDATE of those rows, one
        SELECT of what this claim got (with report and wiki).

        On PostgreSQL the SELECT locks the rows it returns and skips rows another worker
        has locked (FOR UPDATE SKIP LOCKED), so two workers claiming at once take different
        rows and neither waits. On SQLite the transaction holds the database's write lock
        from its start (BEGIN IMMEDIATE, irs/settings.py), so claims take turns. Either
        way the UPDATE tests `claimable` again, and each row gets this claim's lease token:
        a row another claim took has another token and is not returned here.
        """
        now = timezone.now()
        token = uuid.uuid4().hex
        with transaction.atomic():
            ids = list(
                cls.objects.claimable(now)
                .order_by("next_attempt_at", "id")
                .select_for_update(skip_locked=True)
                .values_list("pk", flat=True)[:limit]
            )
            if not ids:
                return []
            cls.objects.filter(pk__in=ids).claimable(now).update(
                status=DeliveryStatus.SENDING,
                lease_token=token,
                lease_expires_at=now + lease,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
        claimed = list(
            Delivery.objects.select_related("report")
            .filter(pk__in=ids, status=DeliveryStatus.SENDING, lease_token=token)
            .order_by("next_attempt_at", "id")
        )
        # One object per wiki for the whole batch: its configuration is read once, not once
        # per delivery (a batch takes seconds; a request does the same).
        reports = [item.report for item in claimed if item.report_id is not None]
        wikis = Wiki.objects.read_together({report.wiki_id for report in reports})
        for report in reports:
            report.wiki = wikis[report.wiki_id]
        return claimed

    @classmethod
    def release(cls, deliveries: "list[Delivery]") -> int:
        """Hand claimed deliveries back untried (a batch that ran out of lease time): pending
        and due at once, their attempt not counted. Only rows this claim still holds."""
        released = 0
        for item in deliveries:
            released += cls.objects.filter(
                pk=item.pk, status=DeliveryStatus.SENDING, lease_token=item.lease_token
            ).update(
                status=DeliveryStatus.PENDING,
                attempts=F("attempts") - 1,
                lease_expires_at=None,
                lease_token="",
                updated_at=timezone.now(),
            )
        return released

    def _finish(self, **fields) -> bool:
        """Write the outcome, only if this worker still holds the lease.

        One UPDATE written here rather than by the ORM, which spent more CPU composing it
        than the database spent running it (once per delivery: docs/performance.md); each
        value is prepared by its own field, as the ORM does."""
        fields.setdefault("updated_at", timezone.now())
        fields.update(lease_expires_at=None, lease_token="")
        meta, db = Delivery._meta, connections[Delivery.objects.db]
        columns, values = [], []
        for name, value in fields.items():
            field = meta.get_field(name)
            columns.append(f"{db.ops.quote_name(str(field.column))} = %s")
            values.append(field.get_db_prep_save(value, db))
        status, token = meta.get_field("status"), meta.get_field("lease_token")
        table, quote = db.ops.quote_name(meta.db_table), db.ops.quote_name
        where = " AND ".join(
            f"{quote(str(column))} = %s" for column in (meta.pk.column, status.column, token.column)
        )
        # Names from the model's own meta, every value a parameter:
        sql = f"UPDATE {table} SET {', '.join(columns)} WHERE {where}"  # noqa: S608
        with db.cursor() as cursor:
            cursor.execute(sql, [*values, self.pk, DeliveryStatus.SENDING.value, self.lease_token])
            done = cursor.rowcount
        if done:
            for name, value in fields.items():
                setattr(self, name, value)
        return bool(done)

    def mark_sent(self, external_ref: str) -> bool:
        now = timezone.now()
        return self._finish(
            status=DeliveryStatus.SENT,
            external_ref=str(external_ref)[:255],
            last_error="",
            sent_at=now,
            updated_at=now,
        )

    def mark_dead(self, error: str) -> bool:
        return self._finish(status=DeliveryStatus.DEAD, last_error=error)

    def mark_retry(self, error: str, at) -> bool:
        return self._finish(status=DeliveryStatus.PENDING, last_error=error, next_attempt_at=at)

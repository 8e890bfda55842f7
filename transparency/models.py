from django.db import models


class Submission(models.Model):
    """One decision's statement of reasons, frozen when it was queued for the EU Transparency
    Database, and the batch delivery (kind `transparency`, up to 100 statements) carrying it.
    A decision is queued at most once: its statement keeps the words it was sent with."""

    decision = models.OneToOneField(
        "desk.Decision", on_delete=models.PROTECT, related_name="statement_submission"
    )
    puid = models.CharField(max_length=500, unique=True)
    statement = models.JSONField()
    delivery = models.ForeignKey(
        "routing.Delivery", on_delete=models.PROTECT, related_name="statements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"statement {self.puid}"

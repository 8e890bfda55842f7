"""Signals the reports app sends to the apps above it (routing), which it never imports.

`report_stored` is sent inside the transaction that stores a new report, with `report`.
Receivers write in that same transaction: routing records the report's deliveries and its
evidence capture there (routing/receivers.py), so the report and its outbox rows commit
together or not at all. `reports.submission.submit` refuses to store a report that no
receiver took (an installation without routing would otherwise lose every report silently).

`before_confirmation` is sent by the reporter's confirmation page, with `report`, before it
shows: receivers finish what the page says is done (routing places the report's local
deliveries, its desk case, which run after the report's transaction: routing/outbox.py).
"""

from django.dispatch import Signal

report_stored = Signal()
before_confirmation = Signal()

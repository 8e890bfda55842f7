import os, sys, tempfile, time
from pathlib import Path
PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
n = 200
scratch = tempfile.mkdtemp(prefix="irs-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ["IRS_VAR_DIR"] = scratch
os.environ["IRS_DB_CONN_MAX_AGE"] = "600"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")
from testing.smtp import SMTPServer
sink = SMTPServer().start()
os.environ.update(sink.env())
import django
django.setup()
from django.core.management import call_command
from django.db import transaction
import email.policy
from irs import demo
from routing.outbox import record_deliveries
from routing.tests.conftest import make_report, set_routes
from routing.models import Delivery
from routing.channels.email import EmailChannel
from routing import content, conf
call_command("migrate", verbosity=0)
wiki = demo.ensure_wiki()
reporter = demo.make_user(wiki, "Reporter")
set_routes(wiki, "intimidation", [{"kind": "email", "to": ["responders@example.org"]}])
with transaction.atomic():
    for _ in range(n):
        record_deliveries(make_report(wiki, reporter))
ids = list(Delivery.objects.values_list("pk", flat=True))
def t(label, fn):
    c0 = time.process_time()
    for i in ids: fn(i)
    print(f"{label:40} {(time.process_time()-c0)*1000/len(ids):.2f} ms cpu")
ds = {}
t("claim (update+select)", lambda i: ds.__setitem__(i, Delivery.claim(i, conf.lease())))
t("config_of (query + scrub)", lambda i: content.config_of(ds[i].report))
msgs = {}
t("build (facts + 3 templates)", lambda i: msgs.__setitem__(i, EmailChannel(ds[i].destination).build(ds[i])))
t("message() + as_bytes", lambda i: msgs[i].message(policy=email.policy.SMTP).as_bytes())
t("validate destination", lambda i: EmailChannel.validate(ds[i].destination))
t("mark_sent", lambda i: ds[i].mark_sent("x"))
from django_tasks_db.models import DBTaskResult
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.header import Header
from email.utils import formatdate
def compat(i):
    m = msgs[i]
    root = MIMEMultipart("alternative")
    root.attach(MIMEText(m.body, "plain", "utf-8"))
    root.attach(MIMEText(m.alternatives[0][0], "html", "utf-8"))
    root["Subject"] = Header(m.subject, "utf-8")
    root["From"] = m.from_email
    root["To"] = ", ".join(m.to)
    root["Date"] = formatdate()
    for k, v in m.extra_headers.items(): root[k] = v
    return root.as_bytes()
t("compat32 build + bytes", compat)
t("message() only", lambda i: msgs[i].message(policy=email.policy.SMTP))
mm = {i: msgs[i].message(policy=email.policy.SMTP) for i in ids}
t("as_bytes only", lambda i: mm[i].as_bytes())

import cProfile, os, pstats, sys, tempfile, time
from pathlib import Path
PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
scratch = tempfile.mkdtemp(prefix="irs-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ["IRS_VAR_DIR"] = scratch
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")
from testing.smtp import SMTPServer
sink = SMTPServer().start()
os.environ.update(sink.env())
import django
django.setup()
from django.core.management import call_command
from django.db import transaction, connection
from irs import demo
from routing.outbox import record_deliveries
from routing.tests.conftest import make_report, set_routes
call_command("migrate", verbosity=0)
wiki = demo.ensure_wiki()
reporter = demo.make_user(wiki, "Reporter")
set_routes(wiki, "intimidation", [{"kind": "email", "to": ["responders@example.org"]}])
with transaction.atomic():
    for _ in range(n):
        record_deliveries(make_report(wiki, reporter))
from django_tasks_db.management.commands.db_worker import Worker
w = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=None, worker_id="p", excluded_queue_names=[])
from django.test.utils import CaptureQueriesContext
prof = cProfile.Profile()
t0 = time.process_time(); w0 = time.perf_counter()
if os.environ.get("QUERIES"):
    with CaptureQueriesContext(connection) as ctx:
        w.max_tasks = 2
        w.run()
    for q in ctx.captured_queries: print(q["sql"][:300])
    sys.exit()
if os.environ.get("NOPROF"):
    w.run()
else:
    prof.enable()
    w.run()
    prof.disable()
print("cpu per delivery ms", (time.process_time() - t0) * 1000 / n, "wall", (time.perf_counter() - w0) * 1000 / n)
assert len(sink.captured()) == n
os.environ.get("NOPROF") or pstats.Stats(prof).sort_stats("cumulative").print_stats(60)

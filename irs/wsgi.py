import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irs.settings")
application = get_wsgi_application()

# A WSGI server does not run system checks the way manage.py does: refuse to serve on a
# security error (such as irs.E010, the development secret key with debug off).
_refusals = [
    str(message)
    for message in checks.run_checks(tags=[checks.Tags.security])
    if message.is_serious()
]
if _refusals:
    raise ImproperlyConfigured("IRS refuses to start:\n" + "\n".join(_refusals))

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnsociety.settings")
application = get_wsgi_application()

# Each gunicorn worker loads this module before it takes a request: it compiles the
# templates and fills the URL and translation tables then, not in somebody's first click.
if os.environ.get("WARM_UP", "1") != "0":
    from learnsociety.warmup import warm

    warm()

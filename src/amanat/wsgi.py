import os

from django.core.wsgi import get_wsgi_application

from amanat.config.files import restrict_process_umask

restrict_process_umask()  # files the server writes are owner-only (docs/decisions/0009)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amanat.settings")
application = get_wsgi_application()

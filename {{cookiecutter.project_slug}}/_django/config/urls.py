"""Root URLconf: the admin, the health checks, then each module's urls.py at its prefix.

https://docs.djangoproject.com/en/6.1/topics/http/urls/
"""

from django.contrib import admin
from django.urls import include, path

from {{ cookiecutter.project_slug }} import health

urlpatterns = [
    path("admin/", admin.site.urls),
    # middleware.HealthCheckMiddleware answers these before the host check and
    # the HTTPS redirect; they resolve here too, for reverse() and for the
    # names of their traces. No trailing slash, on purpose: the Flask variant's
    # paths, so that one probe configuration fits both.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    # startmodule: new URL includes go above this line
]

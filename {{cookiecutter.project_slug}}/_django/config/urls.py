"""Root URLconf: the admin, then each module's urls.py at its prefix.

https://docs.djangoproject.com/en/6.1/topics/http/urls/
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # startmodule: new URL includes go above this line
]

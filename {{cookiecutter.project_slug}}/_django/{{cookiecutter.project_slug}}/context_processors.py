"""Template context for the shared layout: site name and description, module links, account URLs.

https://docs.djangoproject.com/en/6.1/ref/templates/api/#writing-your-own-context-processors
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django_stubs_ext import StrOrPromise

ACCOUNT_VIEWS = ("login", "logout", "register", "profile", "settings")


def navigation(request: HttpRequest) -> dict[str, object]:
    """What base.html needs to draw the navigation bar."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": settings.SITE_DESCRIPTION,
        "nav_links": module_links(),
        "account_urls": account_urls(get_user_model()._meta.app_label),
    }


def module_links() -> list[tuple[StrOrPromise, str]]:
    """(title, URL) of each app that names a page for the navigation bar (`nav_url`)."""
    # An app's verbose_name may be a lazy translation; the template renders either.
    links: list[tuple[StrOrPromise, str]] = []
    for config in apps.get_app_configs():
        url_name = getattr(config, "nav_url", None)
        if url_name:
            try:
                links.append((config.verbose_name, reverse(url_name)))
            except NoReverseMatch:
                continue  # the app is installed but its urls.py is not included
    return links


def account_urls(namespace: str) -> dict[str, str] | None:
    """The accounts views under the user model's app namespace, or None without an accounts module.

    The default user model lives in django.contrib.auth, which routes no login
    page of its own: then the layout shows no account links at all.
    """
    try:
        return {view: reverse(f"{namespace}:{view}") for view in ACCOUNT_VIEWS}
    except NoReverseMatch:
        return None

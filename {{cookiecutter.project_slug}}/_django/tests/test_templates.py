"""The shared layout: error pages, the navigation bar's links and the admin."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.views.defaults import server_error

from {{ cookiecutter.project_slug }}.context_processors import account_urls, module_links


def test_unknown_url_renders_the_404_page_on_the_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert [t.name for t in response.templates][:2] == ["404.html", "base.html"]
    assert b"Page not found" in response.content
    assert b"vendor/bootstrap/bootstrap.min.css" in response.content


def test_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"vendor/bootstrap/bootstrap.min.css" in response.content


def test_no_account_links_for_a_namespace_without_login_views():
    # django.contrib.auth's own User: the project has no accounts module.
    assert account_urls("auth") is None


def test_layout_shows_account_links_exactly_when_an_accounts_module_exists(client):
    links = account_urls(get_user_model()._meta.app_label)

    response = client.get("/no-such-page/")

    if links is None:
        assert b"Sign in" not in response.content
        assert b"Register" not in response.content
    else:
        assert f'href="{links["login"]}"'.encode() in response.content
        assert f'href="{links["register"]}"'.encode() in response.content


def test_module_links_list_apps_with_a_routed_nav_url(monkeypatch):
    admin_config = apps.get_app_config("admin")

    monkeypatch.setattr(admin_config, "nav_url", "admin:index", raising=False)
    assert (admin_config.verbose_name, "/admin/") in module_links()

    monkeypatch.setattr(admin_config, "nav_url", "nowhere:index")
    assert all(title != admin_config.verbose_name for title, _ in module_links())


@pytest.mark.django_db
def test_signed_in_state_shows_even_without_account_pages(client):
    user = get_user_model().objects.create_user("lin", password="a-long-enough-passphrase")
    client.force_login(user)

    response = client.get("/no-such-page/")

    assert b"Signed in as <strong>lin</strong>" in response.content


@pytest.mark.django_db
def test_admin_login_page_renders(client):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert b'name="username"' in response.content


@pytest.mark.django_db
def test_superuser_reaches_the_admin_and_its_user_list(admin_client):
    model = get_user_model()._meta
    get_user_model().objects.create_user("lin", password="a-long-enough-passphrase")

    assert admin_client.get("/admin/").status_code == 200
    response = admin_client.get(f"/admin/{model.app_label}/{model.model_name}/")
    assert response.status_code == 200
    # The list itself: both users, as the changelist's links name them.
    assert [user.username for user in response.context["cl"].result_list] == ["admin", "lin"]

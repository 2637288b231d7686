from django.urls import path  # noqa: F401

app_name = "programme"

# Public and participant pages, mounted at the site root (inside i18n_patterns).
urlpatterns: list = []

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "programme_console".
console_urlpatterns: list = []

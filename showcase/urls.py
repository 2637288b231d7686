from django.urls import path  # noqa: F401

app_name = "showcase"

# Public and participant pages, mounted at the site root (inside i18n_patterns).
urlpatterns: list = []

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "showcase_console".
console_urlpatterns: list = []

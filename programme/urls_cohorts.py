from django.urls import path  # noqa: F401

urlpatterns: list = []
console_urlpatterns: list = []

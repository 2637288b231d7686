"""Django admin: only the programme-wide expert pool. Hub-owned hackathon data is managed in
the hub console, inside the hub's scope (the admin would run outside any scope)."""

from django.contrib import admin

from .models import ExpertProfile


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "hub", "organisation", "is_active"]
    list_filter = ["is_active", "hub", "country"]
    search_fields = ["user__email", "user__display_name", "organisation"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "hub"]

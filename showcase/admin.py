"""Django admin for programme admins: the final event and its agenda. Projects are run from
the hub console (consent workflow), so they are not in the admin."""

from django.contrib import admin

from .models import AgendaItem, ShowcaseEvent


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 1


@admin.register(ShowcaseEvent)
class ShowcaseEventAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "city"]
    prepopulated_fields = {"slug": ["title"]}
    # Presented projects are hub-scoped rows; they are chosen in the demo/shell for now.
    exclude = ["projects"]
    inlines = [AgendaInline]

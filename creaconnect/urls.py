"""The composition root: the only module that knows every app's URLs."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from consortium import urls as consortium_urls
from creaconnect.accounts import views as account_views
from creaconnect.core import pages as core_pages
from creaconnect.core import views as core_views
from creaconnect.notifications import urls as notification_urls
from creaconnect.reports import urls as report_urls
from events import urls as event_urls
from hackathons import urls as hackathon_urls
from hubs import urls as hub_urls
from hubs.views import public as hub_public
from programme import urls as programme_urls
from showcase import urls as showcase_urls
from surveys import urls as survey_urls

handler403 = "creaconnect.core.views.error_403"
handler404 = "creaconnect.core.views.error_404"
handler500 = "creaconnect.core.views.error_500"
handler429 = "creaconnect.core.middleware.handler429"  # allauth's rate limits render this

# Django admin sits behind the site's own login (allauth: rate limits, MFA).
admin.site.login = login_required(admin.site.login)

console = "manage/<slug:hub_slug>/"

urlpatterns = [
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("hub-themes.css", hub_public.theme_css, name="hub_themes"),
    path("media/<path:path>", core_views.public_media, name="media"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += [
        path("dev/mail/", core_views.dev_mailbox, name="dev_mailbox"),
        path("dev/mail/<str:message_id>/", core_views.dev_mailbox, name="dev_mailbox_message"),
        path("dev/mail/<str:message_id>/html/", core_views.dev_mailbox_html,
             name="dev_mailbox_html"),
    ]

urlpatterns += i18n_patterns(
    path("", hub_public.home, name="home"),
    path("accessibility/", core_pages.accessibility_statement, name="accessibility"),
    path("", include(hub_urls)),
    # allauth's address page, first through the shared confirmation before a removal.
    path("accounts/email/", account_views.email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("creaconnect.accounts.urls")),
    path("", include(notification_urls)),
    path("", include(report_urls)),
    path(console, include((hub_urls.console_urlpatterns, "console"))),
    path(console, include((report_urls.console_urlpatterns, "hub_reports"))),
    path(console, include((notification_urls.console_urlpatterns, "hub_notifications"))),
    path("", include(programme_urls)),
    path(console, include((programme_urls.console_urlpatterns, "programme_console"))),
    path("", include(hackathon_urls)),
    path(console, include((hackathon_urls.console_urlpatterns, "hackathons_console"))),
    path("", include(showcase_urls)),
    path(console, include((showcase_urls.console_urlpatterns, "showcase_console"))),
    path("", include(survey_urls)),
    path(console, include((survey_urls.console_urlpatterns, "surveys_console"))),
    path("", include(event_urls)),
    path(console, include((event_urls.console_urlpatterns, "events_console"))),
    path("consortium/", include(consortium_urls)),
    prefix_default_language=False,
)

from django.conf import settings


def site(request):
    """Site-wide values every template may use."""
    return {
        "SITE_URL": settings.SITE_URL,
        "DEBUG_MAILBOX": settings.DEBUG,
    }

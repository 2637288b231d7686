from django import template

from creaconnect.notifications.services import unread_count

register = template.Library()


@register.filter
def unread_notifications(user) -> int:
    return unread_count(user) if user.is_authenticated else 0

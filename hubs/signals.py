from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Hub
from .views.public import THEME_CACHE_KEY


@receiver([post_save, post_delete], sender=Hub)
def drop_theme_cache(**kwargs):
    cache.delete(THEME_CACHE_KEY)

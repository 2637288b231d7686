"""One view mixin for permission checks with ``rules``.

A denied object answers 404 (never 403: no hint that the object exists); an anonymous
visitor is sent to the login page instead.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404


class PermissionRequiredMixin:
    """Declare ``permission_required``; override ``get_permission_object`` for object checks."""

    permission_required: str = ""

    def get_permission_object(self):
        return getattr(self.request, "hub", None)

    def has_permission(self) -> bool:
        return self.request.user.has_perm(self.permission_required, self.get_permission_object())

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_required:
            raise ValueError(f"{type(self).__name__} declares no permission_required")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not self.has_permission():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

from django.http import Http404
from django.views import View


class ConsortiumView(View):
    """Programme admins only. Everyone else, signed in or not, gets a 404: the console does
    not even admit it exists. (Two-factor set-up is enforced by ``MFARequiredMiddleware``,
    ``/consortium/`` being a console prefix.)"""

    permission_required = "consortium.view_console"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

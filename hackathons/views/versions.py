"""A submission's versions: the list, one version, two compared, and restoring one.

The team, its mentors and the organisers read them (``hackathons.view_submission``); only
team members restore (a POST that asks for confirmation first). Comparing is a GET with the
two version numbers in the query: it changes nothing.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from creaconnect.core.http import int_or_404

from ..models import SubmissionFile, SubmissionStatus, SubmissionVersion
from ..services import submissions as services
from ..services import versions as version_services
from .base import HackathonView
from .work import SubmissionActionView


class VersionsView(HackathonView):
    permission_required = "hackathons.view_submission"
    login_required = True
    team_view = True

    def submission(self):
        sub = services.submission_for_team(self.team)
        if sub is None:
            raise Http404
        return sub

    def can_restore(self, sub) -> bool:
        return (self.request.user.has_perm("hackathons.edit_submission", self.team)
                and sub.status == SubmissionStatus.DRAFT)

    def get(self, request, **kwargs):
        sub = self.submission()
        versions = list(SubmissionVersion.objects.filter(submission=sub)
                        .select_related("author").order_by("-number"))
        numbers = [v.number for v in versions]
        comparison, error = None, ""
        a = numbers[1] if len(numbers) > 1 else (numbers[0] if numbers else 0)
        b = numbers[0] if numbers else 0
        if "a" in request.GET or "b" in request.GET:
            a = int_or_404(request.GET.get("a", ""))
            b = int_or_404(request.GET.get("b", ""))
            by_number = {v.number: v for v in versions}
            if a not in by_number or b not in by_number:
                raise Http404
            if a == b:
                error = _("Please choose two different versions.")
            else:
                comparison = version_services.compare_versions(by_number[a], by_number[b])
        return render(request, "hackathons/versions.html", {
            "hackathon": self.hackathon, "team": self.team, "submission": sub,
            "versions": versions, "comparison": comparison, "error": error,
            "selected_a": a, "selected_b": b,
            "can_restore": self.can_restore(sub),
        })


class VersionView(VersionsView):
    def get(self, request, **kwargs):
        sub = self.submission()
        version = get_object_or_404(SubmissionVersion.objects.select_related("author"),
                                    submission=sub, number=kwargs["number"])
        ids = [f["id"] for f in version.data.get("files", [])]
        files = list(SubmissionFile.objects.filter(submission=sub, pk__in=ids))
        return render(request, "hackathons/version.html", {
            "hackathon": self.hackathon, "team": self.team, "submission": sub,
            "version": version, "files": files,
            "fields": [(label, version.data.get(name, ""))
                       for name, label in version_services.TEXT_FIELDS],
            "can_restore": self.can_restore(sub) and version.number != sub.version,
        })


class RestoreVersionView(SubmissionActionView):
    page = "hackathons:submission_versions"

    def act(self, request, **kwargs):
        sub = self.submission()
        number = kwargs["number"]
        confirm = self.confirm(
            title=_("Restore version %(n)s?") % {"n": number}, thing=sub.title,
            consequence=_("The draft takes this version's texts and files. It is saved as a "
                          "new version."),
            undo=_("The current content stays in the list of versions: restore it the same "
                   "way."),
            confirm_label=_("Yes, restore this version"))
        if confirm:
            return confirm
        version = version_services.restore_version(submission=sub, number=number,
                                                   actor=request.user)
        self.done(_("Version %(old)s restored as version %(new)s.")
                  % {"old": number, "new": version.number})

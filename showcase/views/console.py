"""The hub console's showcase: the hub's projects, their team, consents and publication."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from creaconnect.core.actions import ActionView
from creaconnect.core.permissions import PermissionRequiredMixin

from .. import services
from ..forms import AwardForm, ImageForm, MemberForm, ProjectForm
from ..models import Award, ConsentState, CreditedMember, GalleryImage, ShowcaseProject
from ..queries import current_event, projects_for_hub
from ..sources import initial_from_source


class ShowcaseConsoleMixin(PermissionRequiredMixin):
    permission_required = "showcase.manage_projects"

    def get_project(self):
        # Explicit hub filter on top of the scope: another hub's project is a 404.
        return get_object_or_404(ShowcaseProject.objects.select_related("hub"),
                                 hub=self.request.hub, pk=self.kwargs["pk"])


class ProjectListView(ShowcaseConsoleMixin, View):
    def get(self, request, **kwargs):
        return render(request, "showcase/console/list.html", {
            "hub": request.hub, "projects": projects_for_hub(request.hub)})


class ProjectCreateView(ShowcaseConsoleMixin, View):
    template_name = "showcase/console/form.html"

    def get(self, request, **kwargs):
        # ``?source_kind=...&source_id=...`` carries fields over from a submission/project.
        initial = initial_from_source(request.hub, request.GET.get("source_kind", ""),
                                      request.GET.get("source_id"))
        form = ProjectForm(initial=initial, hub=request.hub)
        return render(request, self.template_name, {"hub": request.hub, "form": form})

    def post(self, request, **kwargs):
        form = ProjectForm(request.POST, request.FILES, hub=request.hub)
        if form.is_valid():
            try:
                project = services.create_project(
                    hub=request.hub, actor=request.user, data=form.model_data(),
                    cover=form.cleaned_data.get("cover_upload"))
            except services.ValidationError as exc:
                form.add_error("cover_upload", exc)
            except services.ShowcaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The project was created as a draft."))
                return redirect(project.get_console_url())
        return render(request, self.template_name, {"hub": request.hub, "form": form},
                      status=422)


class ProjectEditView(ShowcaseConsoleMixin, View):
    template_name = "showcase/console/form.html"

    def get(self, request, **kwargs):
        project = self.get_project()
        return render(request, self.template_name, {
            "hub": request.hub, "project": project, "form": ProjectForm(instance=project)})

    def post(self, request, **kwargs):
        project = self.get_project()
        form = ProjectForm(request.POST, request.FILES, instance=project)
        if form.is_valid():
            try:
                services.update_project(project=project, actor=request.user,
                                        data=form.model_data(),
                                        cover=form.cleaned_data.get("cover_upload"))
            except services.ValidationError as exc:
                form.add_error("cover_upload", exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(project.get_console_url())
        project.refresh_from_db()
        return render(request, self.template_name,
                      {"hub": request.hub, "project": project, "form": form}, status=422)


class ProjectDetailView(ShowcaseConsoleMixin, View):
    """The project's team and consents, gallery, awards, and the publication actions."""

    template_name = "showcase/console/detail.html"

    def render_page(self, project, *, member_form=None, image_form=None, award_form=None,
                    status=200):
        members = list(project.members.select_related("user"))
        event = current_event()
        return render(self.request, self.template_name, {
            "hub": self.request.hub, "project": project, "members": members,
            "images": list(project.images.all()), "awards": list(project.awards.all()),
            "all_approved": bool(members) and all(
                m.consent == ConsentState.APPROVED for m in members),
            "team_editable": project.state in services.EDITABLE_TEAM_STATES,
            "allowed_moves": services.PROJECT.allowed(project.state),
            "member_form": member_form or MemberForm(),
            "image_form": image_form or ImageForm(),
            "award_form": award_form or AwardForm(),
            "event": event,
            "presented": event is not None and event.projects.filter(pk=project.pk).exists(),
            "can_manage_event": self.request.user.has_perm("showcase.manage_event"),
        }, status=status)

    def get(self, request, **kwargs):
        return self.render_page(self.get_project())



class ProjectActionView(ShowcaseConsoleMixin, ActionView):
    """One change to one of the hub's projects (POST only), then back to its console page."""

    errors = (services.ShowcaseError,)

    @cached_property
    def project(self) -> ShowcaseProject:
        return self.get_project()

    def back_url(self) -> str:
        return self.project.get_console_url()

    def page(self, **forms):
        """The project's page again with a form's errors (422)."""
        view = ProjectDetailView(request=self.request, kwargs=self.kwargs)
        return view.render_page(self.project, status=422, **forms)


class AddMemberView(ProjectActionView):
    def act(self, request, **kwargs):
        form = MemberForm(request.POST)
        if not form.is_valid():
            return self.page(member_form=form)
        services.add_member(project=self.project, user=form.user, actor=request.user,
                            display_name=form.cleaned_data["display_name"],
                            role=form.cleaned_data["role"])
        self.done(_("Team member added."))
        return None


class RemoveMemberView(ProjectActionView):
    def act(self, request, **kwargs):
        member = get_object_or_404(CreditedMember, project=self.project, pk=kwargs["item"])
        confirm = self.confirm(
            title=_("Remove this team member?"), thing=member.display_name,
            consequence=_("They are no longer credited on the project."),
            undo=_("You can add them again; their consent is then asked again."),
            confirm_label=_("Yes, remove from the team"))
        if confirm:
            return confirm
        services.remove_member(member=member, actor=request.user)
        self.done(_("Team member removed."))
        return None


class AddImageView(ProjectActionView):
    def act(self, request, **kwargs):
        form = ImageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.add_image(project=self.project, upload=form.cleaned_data["image"],
                                   alt=form.cleaned_data["alt"], actor=request.user)
            except services.ValidationError as exc:
                form.add_error("image", exc)
            else:
                self.done(_("Image added to the gallery."))
                return None
        return self.page(image_form=form)


class RemoveImageView(ProjectActionView):
    def act(self, request, **kwargs):
        image = get_object_or_404(GalleryImage, project=self.project, pk=kwargs["item"])
        confirm = self.confirm(
            title=_("Remove this image?"), thing=str(image),
            consequence=_("The image is deleted from the gallery."),
            undo=_("To get it back, upload it again."),
            confirm_label=_("Yes, remove the image"))
        if confirm:
            return confirm
        services.remove_image(image=image, actor=request.user)
        self.done(_("Image removed."))
        return None


class AddAwardView(ProjectActionView):
    def act(self, request, **kwargs):
        form = AwardForm(request.POST)
        if not form.is_valid():
            return self.page(award_form=form)
        services.add_award(project=self.project, actor=request.user, **form.cleaned_data)
        self.done(_("Award added."))
        return None


class RemoveAwardView(ProjectActionView):
    def act(self, request, **kwargs):
        award = get_object_or_404(Award, project=self.project, pk=kwargs["item"])
        confirm = self.confirm(
            title=_("Remove this award?"), thing=str(award),
            consequence=_("The award is no longer shown on the project."),
            undo=_("To get it back, add it again."),
            confirm_label=_("Yes, remove the award"))
        if confirm:
            return confirm
        services.remove_award(award=award, actor=request.user)
        self.done(_("Award removed."))
        return None


class RequestConsentsView(ProjectActionView):
    def act(self, request, **kwargs):
        n = services.request_consents(project=self.project, actor=request.user)
        self.done(_("Consent requested from %(n)s people.") % {"n": n})


class PublishView(ProjectActionView):
    def act(self, request, **kwargs):
        services.publish_project(project=self.project, actor=request.user)
        self.done(_("The project is now public."))


class WithdrawView(ProjectActionView):
    def act(self, request, **kwargs):
        confirm = self.confirm(
            title=_("Take this project down?"), thing=self.project.title,
            consequence=_("The project disappears from the public showcase at once."),
            undo=_("To show it again, return it to draft, ask the team's consent and publish "
                   "it again."),
            confirm_label=_("Yes, take it down"))
        if confirm:
            return confirm
        services.withdraw_project(project=self.project, actor=request.user)
        self.done(_("The project was taken down."))
        return None


class ReturnToDraftView(ProjectActionView):
    def act(self, request, **kwargs):
        services.return_to_draft(project=self.project, actor=request.user)
        self.done(_("The project is a draft again."))


class PresentView(ProjectActionView):
    """Put the project on (``presented = True``) or off the final event's programme: event
    managers only, and only while there is an event (otherwise 404)."""

    presented = True

    def act(self, request, **kwargs):
        event = current_event()
        if event is None or not request.user.has_perm("showcase.manage_event"):
            raise Http404
        services.set_presented(project=self.project, event=event, presented=self.presented,
                               actor=request.user)
        self.done(_("The event programme was updated."))


class UnpresentView(PresentView):
    presented = False

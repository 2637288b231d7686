from django.urls import path

from .views import assignment, console, console_ops, experts, judge, public, teams, work

app_name = "hackathons"

# Public and participant pages, mounted at the site root (inside i18n_patterns).
urlpatterns = [
    path("hackathons/", public.hackathon_list, name="list"),
    path("hackathons/files/<int:pk>/", work.submission_file, name="file"),
    path("hackathons/<slug:slug>/", public.DetailView.as_view(), name="detail"),
    path("hackathons/<slug:slug>/register/", public.RegisterView.as_view(), name="register"),
    path("hackathons/<slug:slug>/teams/", teams.FinderView.as_view(), name="teams"),
    path("hackathons/<slug:slug>/teams/new/", teams.CreateTeamView.as_view(),
         name="team_create"),
    path("hackathons/<slug:slug>/teams/invite/<int:user_id>/",
         teams.InvitePersonView.as_view(), name="invite_person"),
    path("hackathons/<slug:slug>/teams/<int:pk>/", teams.TeamView.as_view(), name="team"),
    path("hackathons/<slug:slug>/teams/<int:pk>/submission/", work.SubmissionView.as_view(),
         name="submission"),
    path("hackathons/<slug:slug>/teams/<int:pk>/feedback/", work.FeedbackView.as_view(),
         name="feedback"),
    path("hackathons/<slug:slug>/join/<str:code>/", teams.JoinCodeView.as_view(),
         name="join_code"),
    path("judge/", judge.queue, name="judge_queue"),
    path("judge/invitation/<str:token>/", experts.accept_invitation, name="expert_invitation"),
    path("judge/submissions/<int:pk>/", judge.ScoreView.as_view(), name="judge_score"),
]

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "hackathons_console".
console_urlpatterns = [
    path("hackathons/", console.ListView.as_view(), name="list"),
    path("hackathons/new/", console.CreateView.as_view(), name="create"),
    path("hackathons/<slug:slug>/", console.DetailView.as_view(), name="detail"),
    path("hackathons/<slug:slug>/edit/", console.EditView.as_view(), name="edit"),
    path("hackathons/<slug:slug>/registrations/", console_ops.RegistrationsView.as_view(),
         name="registrations"),
    path("hackathons/<slug:slug>/teams/", console_ops.TeamsView.as_view(), name="teams"),
    path("hackathons/<slug:slug>/submissions/", console_ops.SubmissionsView.as_view(),
         name="submissions"),
    path("hackathons/<slug:slug>/judging/", console_ops.JudgingView.as_view(), name="judging"),
    path("hackathons/<slug:slug>/results/", console_ops.ResultsView.as_view(), name="results"),
    path("hackathons/<slug:slug>/export/<str:what>.csv", console_ops.ExportView.as_view(),
         name="export"),
]

# The judging assignment page (the review engine's answer, explained) and one URL per action.
JUDGING = "hackathons/<slug:slug>/judging/assignment/"
console_urlpatterns += [
    path(JUDGING, assignment.AssignmentView.as_view(), name="judging_assignment"),
    path(f"{JUDGING}run/", assignment.RerunAssignmentView.as_view(),
         name="judging_assignment_run"),
    path(f"{JUDGING}submissions/<int:pk>/pin/", assignment.PinPairView.as_view(),
         name="judging_pin"),
    path(f"{JUDGING}submissions/<int:pk>/forbid/", assignment.ForbidPairView.as_view(),
         name="judging_forbid"),
    path(f"{JUDGING}rules/<int:pk>/clear/", assignment.ClearPairRuleView.as_view(),
         name="judging_rule_clear"),
]

from django.urls import path

from .views import assignment, console, console_ops, experts, judge, public, teams, work

app_name = "hackathons"

# One URL per action: each change is a small POST-only view (``…/leave/``, ``…/lock/``).
TEAM = "hackathons/<slug:slug>/teams/<int:pk>/"
CONSOLE_TEAM = "hackathons/<slug:slug>/teams/<int:pk>/"
SETUP_PATHS = (("challenge", "challenges"), ("criterion", "criteria"), ("prize", "prizes"))

# Public and participant pages, mounted at the site root (inside i18n_patterns).
urlpatterns = [
    path("hackathons/", public.hackathon_list, name="list"),
    path("hackathons/files/<int:pk>/", work.submission_file, name="file"),
    path("hackathons/<slug:slug>/", public.DetailView.as_view(), name="detail"),
    path("hackathons/<slug:slug>/register/", public.RegisterView.as_view(), name="register"),
    path("hackathons/<slug:slug>/register/cancel/", public.CancelRegistrationView.as_view(),
         name="register_cancel"),
    path("hackathons/<slug:slug>/teams/", teams.FinderView.as_view(), name="teams"),
    path("hackathons/<slug:slug>/teams/new/", teams.CreateTeamView.as_view(),
         name="team_create"),
    path("hackathons/<slug:slug>/teams/invite/<int:user_id>/",
         teams.InvitePersonView.as_view(), name="invite_person"),
    path("hackathons/<slug:slug>/teams/<int:pk>/", teams.TeamView.as_view(), name="team"),
    path(f"{TEAM}request/", teams.RequestToJoinView.as_view(), name="team_request"),
    path(f"{TEAM}request/withdraw/", teams.WithdrawRequestView.as_view(),
         name="team_request_withdraw"),
    path(f"{TEAM}requests/<int:item>/accept/", teams.AcceptRequestView.as_view(),
         name="team_request_accept"),
    path(f"{TEAM}requests/<int:item>/decline/", teams.DeclineRequestView.as_view(),
         name="team_request_decline"),
    path(f"{TEAM}leave/", teams.LeaveTeamView.as_view(), name="team_leave"),
    path(f"{TEAM}invite/", teams.InviteByEmailView.as_view(), name="team_invite"),
    path(f"{TEAM}edit/", teams.EditTeamView.as_view(), name="team_edit"),
    path(f"{TEAM}members/<int:user_id>/handover/", teams.HandOverView.as_view(),
         name="team_handover"),
    path(f"{TEAM}members/<int:user_id>/remove/", teams.RemoveMemberView.as_view(),
         name="team_member_remove"),
    path(f"{TEAM}submission/", work.SubmissionView.as_view(), name="submission"),
    path(f"{TEAM}submission/save/", work.SaveDraftView.as_view(), name="submission_save"),
    path(f"{TEAM}submission/files/", work.UploadFileView.as_view(), name="submission_upload"),
    path(f"{TEAM}submission/files/<int:item>/remove/", work.RemoveFileView.as_view(),
         name="submission_file_remove"),
    path(f"{TEAM}submission/submit/", work.SubmitView.as_view(), name="submission_submit"),
    path(f"{TEAM}submission/reopen/", work.ReopenView.as_view(), name="submission_reopen"),
    path(f"{TEAM}feedback/", work.FeedbackView.as_view(), name="feedback"),
    path(f"{TEAM}feedback/post/", work.PostFeedbackView.as_view(), name="feedback_post"),
    path(f"{TEAM}feedback/log/", work.LogMentoringView.as_view(), name="feedback_log"),
    path("hackathons/<slug:slug>/join/<str:code>/", teams.JoinCodeView.as_view(),
         name="join_code"),
    path("judge/", judge.queue, name="judge_queue"),
    path("judge/invitation/<str:token>/", experts.accept_invitation, name="expert_invitation"),
    path("judge/submissions/<int:pk>/", judge.ScoreView.as_view(), name="judge_score"),
    path("judge/submissions/<int:pk>/conflict/", judge.DeclareConflictView.as_view(),
         name="judge_conflict"),
]

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "hackathons_console".
console_urlpatterns = [
    path("hackathons/", console.ListView.as_view(), name="list"),
    path("hackathons/new/", console.CreateView.as_view(), name="create"),
    path("hackathons/<slug:slug>/", console.DetailView.as_view(), name="detail"),
    path("hackathons/<slug:slug>/edit/", console.EditView.as_view(), name="edit"),
    path("hackathons/<slug:slug>/move/<str:to>/", console.MoveView.as_view(), name="move"),
    *[path(f"hackathons/<slug:slug>/{plural}/add/",
           console.AddSetupItemView.as_view(kind=kind), name=f"{kind}_add")
      for kind, plural in SETUP_PATHS],
    *[path(f"hackathons/<slug:slug>/{plural}/<int:pk>/remove/",
           console.DeleteSetupItemView.as_view(kind=kind), name=f"{kind}_remove")
      for kind, plural in SETUP_PATHS],
    path("hackathons/<slug:slug>/registrations/", console_ops.RegistrationsView.as_view(),
         name="registrations"),
    path("hackathons/<slug:slug>/teams/", console_ops.TeamsView.as_view(), name="teams"),
    path(f"{CONSOLE_TEAM}lock/", console_ops.LockTeamView.as_view(), name="team_lock"),
    path(f"{CONSOLE_TEAM}reopen/", console_ops.ReopenTeamView.as_view(), name="team_reopen"),
    path(f"{CONSOLE_TEAM}mentors/add/", console_ops.AssignMentorView.as_view(),
         name="team_mentor_add"),
    path(f"{CONSOLE_TEAM}mentors/<int:item>/remove/", console_ops.UnassignMentorView.as_view(),
         name="team_mentor_remove"),
    path(f"{CONSOLE_TEAM}extension/", console_ops.GrantExtensionView.as_view(),
         name="team_extension"),
    path("hackathons/<slug:slug>/submissions/", console_ops.SubmissionsView.as_view(),
         name="submissions"),
    path("hackathons/<slug:slug>/judging/", console_ops.JudgingView.as_view(), name="judging"),
    path("hackathons/<slug:slug>/judging/auto/", console_ops.AutoAssignView.as_view(),
         name="judging_auto"),
    path("hackathons/<slug:slug>/judging/panel/add/", console_ops.AddPanelJudgeView.as_view(),
         name="panel_add"),
    path("hackathons/<slug:slug>/judging/panel/<int:pk>/remove/",
         console_ops.RemovePanelJudgeView.as_view(), name="panel_remove"),
    path("hackathons/<slug:slug>/judging/submissions/<int:pk>/assign/",
         console_ops.AssignJudgeView.as_view(), name="judge_assign"),
    path("hackathons/<slug:slug>/judging/assignments/<int:pk>/remove/",
         console_ops.UnassignJudgeView.as_view(), name="judge_unassign"),
    path("hackathons/<slug:slug>/results/", console_ops.ResultsView.as_view(), name="results"),
    path("hackathons/<slug:slug>/results/prizes/<int:pk>/award/",
         console_ops.AwardPrizeView.as_view(), name="prize_award"),
    path("hackathons/<slug:slug>/results/report/", console_ops.ResultsReportView.as_view(),
         name="results_report"),
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

from django.urls import path

from .views import applicant, apply, calls, console_form
from .views import console_calls as console

urlpatterns = [
    path("programme/", calls.call_list, name="calls"),
    path("programme/calls/<slug:slug>/", calls.call_detail, name="call"),
    path("programme/calls/<slug:slug>/apply/", apply.apply_start, name="apply"),
    path("programme/calls/<slug:slug>/apply/step-<int:step>/", apply.apply_step,
         name="apply_step"),
    path("programme/calls/<slug:slug>/apply/review/", apply.apply_review, name="apply_review"),
    path("programme/applications/<int:pk>/dossier.pdf", apply.dossier, name="dossier"),
    path("programme/applications/<int:pk>/files/<int:answer_pk>/", apply.own_answer_file,
         name="own_answer_file"),
    path("programme/applications/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("programme/applications/<int:pk>/decline/", applicant.decline, name="decline"),
    path("programme/applications/<int:pk>/<str:action>/", apply.application_action,
         name="application_action"),
    path("programme/co-applicant/<str:token>/", apply.co_applicant, name="co_applicant"),
]

console_urlpatterns = [
    path("calls/", console.CallListView.as_view(), name="calls"),
    path("calls/new/", console.CallEditView.as_view(), name="call_new"),
    path("calls/<int:call_pk>/", console.CallEditView.as_view(), name="call_edit"),
    path("calls/<int:call_pk>/form/", console.FormBuilderView.as_view(), name="form_builder"),
    path("calls/<int:call_pk>/form/preview/", console_form.FormPreviewView.as_view(),
         name="form_preview"),
    path("calls/<int:call_pk>/form/questions/<int:q_pk>/", console_form.QuestionEditView.as_view(),
         name="question_edit"),
    path("calls/<int:call_pk>/form/questions/<int:q_pk>/move-up/",
         console_form.QuestionMoveView.as_view(direction="up"), name="question_up"),
    path("calls/<int:call_pk>/form/questions/<int:q_pk>/move-down/",
         console_form.QuestionMoveView.as_view(direction="down"), name="question_down"),
    path("calls/<int:call_pk>/form/questions/<int:q_pk>/delete/",
         console_form.QuestionDeleteView.as_view(), name="question_delete"),
    path("calls/<int:call_pk>/criteria/", console.CriteriaView.as_view(), name="criteria"),
    path("calls/<int:call_pk>/criteria/<int:c_pk>/delete/",
         console_form.CriterionDeleteView.as_view(), name="criterion_delete"),
    path("calls/<int:call_pk>/applications/", console.ApplicationsView.as_view(),
         name="applications"),
    path("calls/<int:call_pk>/assign/", console.AssignReviewersView.as_view(), name="assign"),
    path("calls/<int:call_pk>/applications/<int:pk>/", console.ApplicationDetailView.as_view(),
         name="application"),
    path("calls/<int:call_pk>/applications/<int:pk>/files/<int:answer_pk>/",
         console.AnswerFileView.as_view(), name="answer_file"),
]

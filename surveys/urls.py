from django.urls import path

from .views import answer, console

app_name = "surveys"

# The participant's page, mounted at the site root (inside i18n_patterns).
urlpatterns = [
    path("surveys/<str:token>/", answer.AnswerView.as_view(), name="answer"),
]

# Hub console pages, mounted under manage/<slug:hub_slug>/ with namespace "surveys_console".
console_urlpatterns = [
    path("surveys/", console.SurveyListView.as_view(), name="list"),
    path("surveys/prepare/", console.SurveyPrepareView.as_view(), name="prepare"),
    path("surveys/<int:pk>/", console.SurveyDetailView.as_view(), name="detail"),
    path("surveys/<int:pk>/questions/", console.QuestionAddView.as_view(),
         name="question_add"),
    path("surveys/<int:pk>/questions/<int:question_pk>/remove/",
         console.QuestionRemoveView.as_view(), name="question_remove"),
]

"""Quiz pages, mounted under the language prefix: /lo/quizzes/..., /en/quizzes/..."""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/", views.quiz_start, name="start"),
    path("attempt/<uuid:public_id>/", views.attempt_take, name="attempt"),
    path("attempt/<uuid:public_id>/review/", views.attempt_review, name="review"),
    path("results/", views.results, name="results"),
    path("<int:pk>/analysis/", views.analysis, name="analysis"),
    path("<int:pk>/paper/<str:form>/<str:document>.pdf", views.paper, name="paper"),
    path("import/scores/", views.import_scores, name="import_scores"),
    path("import/questions/", views.import_questions, name="import_questions"),
]

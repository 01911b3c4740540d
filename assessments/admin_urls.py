"""The trainers' quiz tools, mounted in the Wagtail admin under /admin/quizzes/ with the
namespace ``assessments_admin`` (see wagtail_hooks.py)."""

from django.urls import path

from assessments import admin_views

app_name = "assessments_admin"

urlpatterns = [
    path("results/", admin_views.results, name="results"),
    path("<int:pk>/analysis/", admin_views.analysis, name="analysis"),
    path("<int:pk>/paper/<str:form>/<str:document>.pdf", admin_views.paper, name="paper"),
    path("import/scores/", admin_views.import_scores, name="import_scores"),
    path("import/questions/", admin_views.import_questions, name="import_questions"),
]

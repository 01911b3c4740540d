"""Quiz pages for learners, mounted under the language prefix: /lo/quizzes/..., /en/quizzes/...

The trainers' tools live in the Wagtail admin (admin_urls.py).
"""

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("<int:pk>/", views.quiz_start, name="start"),
    path("attempt/<uuid:public_id>/", views.attempt_take, name="attempt"),
    path("attempt/<uuid:public_id>/confirm/", views.attempt_confirm, name="confirm"),
    path("attempt/<uuid:public_id>/review/", views.attempt_review, name="review"),
]

"""What is recorded at and after the meeting: the minutes, the family, challenges, immediate
safeguarding actions, learning points and parallel processes (under /reviews/<reference>/meeting/)."""

from django.urls import path

from . import (
    views_records,
    views_records_actions,
    views_records_challenges,
    views_records_learning,
    views_records_processes,
)

challenges = views_records_challenges
actions = views_records_actions
learning = views_records_learning
processes = views_records_processes

urlpatterns = [
    path("minutes/", views_records.minutes, name="minutes"),
    path("family/", views_records.family, name="family"),
    path("challenges/", challenges.challenges, name="challenges"),
    path("challenges/add/", challenges.challenge_add, name="challenge_add"),
    path("challenges/<uuid:public_id>/", challenges.challenge_edit, name="challenge_edit"),
    path(
        "challenges/<uuid:public_id>/respond/",
        challenges.challenge_respond,
        name="challenge_respond",
    ),
    path(
        "challenges/<uuid:public_id>/remove/", challenges.challenge_remove, name="challenge_remove"
    ),
    path("actions/", actions.actions, name="actions"),
    path("actions/add/", actions.action_add, name="action_add"),
    path("actions/<uuid:public_id>/", actions.action_edit, name="action_edit"),
    path("actions/<uuid:public_id>/update/", actions.action_update, name="action_update"),
    path("actions/<uuid:public_id>/remove/", actions.action_remove, name="action_remove"),
    path("learning/", learning.learning, name="learning"),
    path("learning/add/", learning.learning_add, name="learning_add"),
    path("learning/<uuid:public_id>/", learning.learning_edit, name="learning_edit"),
    path("learning/<uuid:public_id>/remove/", learning.learning_remove, name="learning_remove"),
    path("processes/", processes.processes, name="processes"),
    path("processes/add/", processes.process_add, name="process_add"),
    path("processes/<uuid:public_id>/", processes.process_edit, name="process_edit"),
    path("processes/<uuid:public_id>/remove/", processes.process_remove, name="process_remove"),
]

from django.urls import path

from .views import meetings, minutes, rounds

app_name = "ideas"

urlpatterns = [
    path("", meetings.index, name="index"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/do/<slug:name>/", meetings.meeting_action, name="meeting_action"),
    path("meetings/<int:pk>/rounds/new/", meetings.round_new, name="round_new"),
    path("meetings/<int:pk>/summary/", meetings.meeting_summary, name="meeting_summary"),
    path("meetings/<int:pk>/decisions/new/", minutes.decision_new, name="decision_new"),
    path("meetings/<int:pk>/minutes.<str:fmt>", minutes.minutes_export, name="minutes"),
    path("campaigns/new/", meetings.campaign_new, name="campaign_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/do/<slug:name>/", rounds.round_action, name="round_action"),
    path("rounds/<int:pk>/ideas/", rounds.round_ideas, name="round_ideas"),
    path("rounds/<int:pk>/similar/", rounds.round_similar, name="round_similar"),
    path("rounds/<int:pk>/chair/", rounds.round_chair, name="round_chair"),
    path("rounds/<int:pk>/report.<str:fmt>", minutes.round_report, name="round_report"),
    path("ideas/<int:pk>/vote/", rounds.idea_vote, name="idea_vote"),
    path("ideas/<int:pk>/merge/", rounds.idea_merge, name="idea_merge"),
    path("ideas/<int:pk>/promote/", minutes.idea_promote, name="idea_promote"),
    path("decisions/<int:pk>/actions/new/", minutes.action_new, name="action_new"),
    path("actions/<int:pk>/", minutes.action_detail, name="action"),
    path("actions/<int:pk>/do/<slug:name>/", minutes.action_action, name="action_action"),
]

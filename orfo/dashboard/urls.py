from django.urls import path

from orfo.dashboard.views import (
    dictionary,
    inbox,
    invitations,
    issue,
    overview,
    proofread,
    sites,
    team,
    verification,
)
from orfo.dashboard.views.spam import blocked_readers, held_reports, unblock

app_name = "dashboard"
urlpatterns = [
    path("", inbox.inbox, name="inbox"),
    path("bulk/", inbox.bulk, name="bulk"),
    path("issues/<int:pk>/", issue.issue_detail, name="issue"),
    path("issues/<int:pk>/status/", issue.change_status, name="issue-status"),
    path("issues/<int:pk>/assign/", issue.assign, name="issue-assign"),
    path("issues/<int:pk>/note/", issue.add_note, name="issue-note"),
    path("issues/<int:pk>/accept/", issue.accept_fix, name="issue-accept"),
    path("issues/<int:pk>/check/", verification.check_now, name="issue-check"),
    path(
        "issues/<int:pk>/not-an-error/",
        dictionary.issue_not_an_error,
        name="issue-not-an-error",
    ),
    path("overview/", overview.overview, name="overview"),
    path("proofread/", proofread.proofread_page, name="proofread"),
    path("proofread/allow/", dictionary.proofread_allow, name="proofread-allow"),
    path("sites/", sites.site_list, name="sites"),
    path("sites/new/", team.new_site, name="site-new"),
    path("sites/<int:pk>/", sites.site_settings, name="site"),
    path("sites/<int:pk>/rotate-key/", sites.rotate_key, name="site-rotate-key"),
    path("sites/<int:pk>/blocked/", blocked_readers, name="site-blocked"),
    path(
        "sites/<int:pk>/blocked/<int:block_id>/unblock/",
        unblock,
        name="site-unblock",
    ),
    path("sites/<int:pk>/held/", held_reports, name="site-held"),
    path("sites/<int:pk>/rotate-token/", sites.rotate_token, name="site-rotate-token"),
    path("sites/<int:pk>/invitations/", invitations.invite, name="site-invite"),
    path(
        "sites/<int:pk>/invitations/<int:invitation_id>/revoke/",
        invitations.revoke,
        name="site-invitation-revoke",
    ),
    path("invitation/", invitations.accept, name="invitation-accept"),
    path("invitation/<str:token>/", invitations.open_link, name="invitation"),
    path(
        "sites/<int:pk>/members/<int:membership_id>/",
        team.change_role,
        name="site-member",
    ),
    path(
        "sites/<int:pk>/members/<int:membership_id>/remove/",
        team.remove_member,
        name="site-member-remove",
    ),
    path("sites/<int:pk>/audit/", team.audit_log, name="site-audit"),
    path(
        "sites/<int:pk>/dictionary/",
        dictionary.site_dictionary,
        name="site-dictionary",
    ),
    path(
        "sites/<int:pk>/dictionary/remove/",
        dictionary.remove_word,
        name="site-dictionary-remove",
    ),
    path(
        "sites/<int:pk>/dictionary/import/",
        dictionary.import_words,
        name="site-dictionary-import",
    ),
    path(
        "sites/<int:pk>/dictionary/export/",
        dictionary.export,
        name="site-dictionary-export",
    ),
    path(
        "sites/<int:pk>/dictionary/fixes/remove/",
        dictionary.remove_fix,
        name="site-fix-remove",
    ),
]

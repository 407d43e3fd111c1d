"""Members join by an emailed invitation; no owner can look up other accounts."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from orfo.sites import invitations
from orfo.sites.api import role_of
from orfo.sites.models import Invitation, Membership

pytestmark = pytest.mark.django_db


def invite(client, site, email, **extra):
    return client.post(
        f"/dashboard/sites/{site.pk}/invitations/",
        {"email": email, **extra},
        follow=True,
    )


def link_in(message) -> str:
    return re.search(r"https?://\S+/dashboard/invitation/\S+/", message.body).group(0)


def page_without_csrf(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_an_owner_cannot_look_up_another_newsrooms_accounts(
    client, site, owner, stranger
):
    stranger.email = "chief@other.kz"
    stranger.save()
    client.force_login(owner)
    # The old "add member" form took any account's name or email and attached it.
    for value in ("stranger", "chief@other.kz"):
        client.post(
            f"/dashboard/sites/{site.pk}/members/", {"user": value, "role": "owner"}
        )
    assert role_of(stranger, site) is None
    page = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert "chief@other.kz" not in page and "stranger" not in page


def test_the_answer_does_not_tell_whether_an_address_has_an_account(
    client, site, owner, stranger
):
    stranger.email = "chief@other.kz"
    stranger.save()
    client.force_login(owner)

    def answer_and_mail(email):
        Invitation.objects.all().delete()
        mail.outbox.clear()
        page = page_without_csrf(invite(client, site, email))
        [message] = mail.outbox
        seen = page + message.subject + message.body.replace(link_in(message), "")
        seen = seen.replace(email, "X")
        return re.sub(r"until [^<]+|invitations/\d+/", "", seen)

    assert answer_and_mail("chief@other.kz") == answer_and_mail("nobody@other.kz")
    assert "stranger" not in answer_and_mail("chief@other.kz")
    assert role_of(stranger, site) is None  # nothing attached until the link is used


def test_an_invitation_is_mailed_with_a_link_and_only_its_hash_is_kept(
    client, site, owner
):
    client.force_login(owner)
    form = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert re.search(r'<option value="editor"[^>]*selected', form)  # the default
    response = invite(client, site, "New.Editor@News.kz")
    assert "Invitation sent to new.editor@news.kz." in response.content.decode()
    [message] = mail.outbox
    assert message.to == ["new.editor@news.kz"]
    assert site.name in message.subject
    assert link_in(message).startswith(settings.SITE_ROOT + "/dashboard/invitation/")
    token = link_in(message).rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.role == Membership.Role.EDITOR  # no role given: editor
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(Invitation.objects.values()))
    assert invitation.expires - timezone.now() > timedelta(days=6, hours=23)
    # Pending invitations are listed for the owners, with a way to revoke them.
    page = client.get(f"/dashboard/sites/{site.pk}/").content.decode()
    assert "new.editor@news.kz" in page
    assert f"/invitations/{invitation.pk}/revoke/" in page


def test_a_new_person_creates_an_account_from_the_link(client, site, owner):
    client.force_login(owner)
    invite(client, site, "new@news.kz", role="owner")
    link = link_in(mail.outbox[0])
    newcomer = Client()
    opened = newcomer.get(link, follow=True)
    assert opened.status_code == 200
    assert link.rsplit("/", 2)[1] not in opened.redirect_chain[-1][0]  # token hidden
    assert site.name in opened.content.decode()
    answer = newcomer.post(
        "/dashboard/invitation/",
        {
            "username": "newcomer",
            "password1": "long-pass-42x",
            "password2": "long-pass-42x",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/dashboard/"
    user = get_user_model().objects.get(username="newcomer")
    assert user.email == "new@news.kz" and not user.is_staff
    assert role_of(user, site) == "owner"
    assert newcomer.get("/dashboard/").status_code == 200  # logged in
    assert not Invitation.objects.exists()
    # The link works once.
    assert Client().get(link, follow=True).status_code == 404


def test_a_bad_signup_keeps_the_invitation_and_makes_no_account(client, site, owner):
    client.force_login(owner)
    invite(client, site, "new@news.kz")
    newcomer = Client()
    newcomer.get(link_in(mail.outbox[0]))
    answer = newcomer.post(
        "/dashboard/invitation/",
        {
            "username": "owner",
            "password1": "long-pass-42x",
            "password2": "long-pass-42x",
        },
    )
    assert answer.status_code == 200  # the username is taken
    assert Invitation.objects.count() == 1
    assert get_user_model().objects.count() == 1


def test_a_logged_in_person_joins_with_their_account(client, site, owner, stranger):
    client.force_login(owner)
    invite(client, site, "whoever@other.kz")
    elsewhere = Client()
    elsewhere.force_login(stranger)
    elsewhere.get(link_in(mail.outbox[0]))
    page = elsewhere.get("/dashboard/invitation/").content.decode()
    assert "stranger" in page and "password1" not in page
    elsewhere.post("/dashboard/invitation/")
    assert role_of(stranger, site) == "editor"
    # An owner invited as an editor stays an owner.
    invite(client, site, "me@news.kz")
    client.get(link_in(mail.outbox[1]))
    client.post("/dashboard/invitation/")
    assert role_of(owner, site) == "owner"


def test_logging_in_from_the_invitation_comes_back_to_it(client, site, owner, editor):
    Membership.objects.filter(user=editor).delete()
    _, token = invitations.invite(site, "editor@news.kz", "editor", owner)
    client.get(f"/dashboard/invitation/{token}/")
    page = client.get("/dashboard/invitation/").content.decode()
    assert "/accounts/login/?next=/dashboard/invitation/" in page
    answer = client.post(
        "/accounts/login/?next=/dashboard/invitation/",
        {
            "username": "editor",
            "password": "pass-editor-1",
            "next": "/dashboard/invitation/",
        },
    )
    assert answer["Location"] == "/dashboard/invitation/"
    client.post("/dashboard/invitation/")
    assert role_of(editor, site) == "editor"


@pytest.mark.parametrize("how", ["expired", "revoked", "forged"])
def test_expired_revoked_and_forged_links_do_nothing(client, site, owner, how):
    invitation, token = invitations.invite(site, "new@news.kz", "owner", owner)
    if how == "expired":
        Invitation.objects.update(expires=timezone.now() - timedelta(seconds=1))
    elif how == "revoked":
        client.force_login(owner)
        client.post(f"/dashboard/sites/{site.pk}/invitations/{invitation.pk}/revoke/")
        client.logout()
    else:
        token = token[:-2] + "xx"
    page = client.get(f"/dashboard/invitation/{token}/", follow=True)
    assert page.status_code == 404
    assert "sessionid" not in client.cookies  # no session for a link that fails
    answer = client.post(
        "/dashboard/invitation/",
        {"username": "x", "password1": "long-pass-42x", "password2": "long-pass-42x"},
    )
    assert answer.status_code == 404
    assert get_user_model().objects.count() == 1


def test_a_mail_failure_keeps_no_invitation(client, site, owner, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    client.force_login(owner)
    response = invite(client, site, "new@news.kz")
    assert "could not be emailed" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "lang,words",
    [("ru", "Или создайте учётную запись"), ("kk", "Немесе тіркелгі жасаңыз")],
)
def test_the_invitation_page_is_translated(client, site, owner, lang, words):
    _, token = invitations.invite(site, "new@news.kz", "editor", owner)
    client.cookies["django_language"] = lang
    page = client.get(f"/dashboard/invitation/{token}/", follow=True)
    assert words in page.content.decode()


def test_pending_invitations_are_capped(client, site, owner, monkeypatch):
    monkeypatch.setattr(invitations, "MAX_PENDING", 3)
    client.force_login(owner)
    for n in range(4):
        answer = invite(client, site, f"person{n}@news.kz")
    assert "3 invitations are waiting" in answer.content.decode()
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3
    invite(client, site, "person0@news.kz")  # inviting one of them again is fine
    assert len(mail.outbox) == 4

"""A message's HTML as the app frames it (docs/courrier.md, `GET /api/mail/{id}/html`): only the sanitised HTML,
never a script, an event handler, a remote image or style sheet, a form; a document of its own under a strict
policy (no script, no remote content, a sandbox) that only the app's own origin may frame, while every other answer
stays unframeable; hidden as the message is (another cabinet's, a dossier kept to its team), 404 without HTML."""

from __future__ import annotations

from domain.actors import Role
from handlers.api.security import CONTENT_SECURITY_POLICY, FRAMED_DOCUMENT_POLICY
from tests.api.client import ApiClient
from tests.api.dossier_rows import new_dossier
from tests.api.seed import cabinet_with_session, person_of, signed_in
from tests.api.test_auth import cookie_of, login
from tests.api.test_mail_filing import ADDRESS, deliver, mail

HOSTILE = (
    '<html><head><link rel="stylesheet" href="http://feuilles.example/s.css"><style>p{color:red}</style></head>'
    '<body><p onclick="vol()">Audience le <b>14 avril</b>.</p><img src="https://tracker.example/p.gif">'
    '<img src="x" onerror="alert(1)"><script>alert(2)</script>'
    '<form action="https://hameconnage.example/"><input name="mdp"><button>Envoyer</button></form>'
    '<table><tr><td colspan="2">Greffe</td></tr></table><a href="https://lien.example/">le lien</a></body></html>'
)


def with_html(html: str, *, to: str = ADDRESS) -> bytes:
    return (
        f"From: greffe@justice.fr\r\nTo: {to}\r\nSubject: Mise en forme\r\nMessage-ID: <html-1@justice.fr>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="a"\r\n\r\n'
        "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAudience le 14 avril.\r\n"
        f"--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n--a--\r\n"
    ).encode()


async def test_the_answer_is_the_sanitised_html_and_nothing_hostile_of_the_original(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    inbound_id = await deliver(api.context, cabinet, with_html(HOSTILE))
    response = await api.request("GET", f"/api/mail/{inbound_id}/html", headers=headers)
    assert response.status == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert '<body><p>Audience le <b>14 avril</b>.</p><table><tr><td colspan="2">Greffe</td></tr></table>' in page
    assert "le lien" in page  # a link is reduced to its text
    for hostile in ("<script", "alert", "onclick", "onerror", "tracker.example", "<img", "<link", "feuilles.example",
                    "<form", "hameconnage", "<input", "mdp", "href=", "src=", "color:red", "lien.example"):  # fmt: skip
        assert hostile not in page, hostile


async def test_the_answer_carries_its_own_strict_policy_and_only_the_apps_origin_may_frame_it(
    api: ApiClient,
) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    inbound_id = await deliver(api.context, cabinet, with_html("<p>Bonjour</p>"))
    framed = await api.request("GET", f"/api/mail/{inbound_id}/html", headers=headers)
    assert framed.headers["content-security-policy"] == FRAMED_DOCUMENT_POLICY  # alone: not joined to the API's
    directives = dict(part.split(" ", 1) if " " in part else (part, "") for part in FRAMED_DOCUMENT_POLICY.split("; "))
    assert directives == {
        "default-src": "'none'", "style-src": "'unsafe-inline'", "img-src": "data: cid:", "form-action": "'none'",
        "base-uri": "'none'", "sandbox": "", "frame-ancestors": "'self'",
    }  # fmt: skip
    assert framed.headers["x-frame-options"] == "SAMEORIGIN"
    assert framed.headers["x-content-type-options"] == "nosniff"
    assert framed.headers["cache-control"] == "private, no-store"
    assert framed.headers["referrer-policy"] == "no-referrer"
    assert framed.headers["cross-origin-resource-policy"] == "same-origin"
    assert framed.headers["strict-transport-security"].startswith("max-age=")  # the API's other protections stay
    detail = await api.request("GET", f"/api/mail/{inbound_id}", headers=headers)
    raw = await api.request("GET", f"/api/mail/{inbound_id}/raw", headers=headers)
    for other in (detail, raw):  # every other answer, the same message's included, stays unframeable
        assert other.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "frame-ancestors 'none'" in other.headers["content-security-policy"]
        assert other.headers["x-frame-options"] == "DENY"
        assert other.headers["referrer-policy"] == "same-origin"


async def test_a_message_without_html_answers_404_under_the_apis_unframeable_policy(api: ApiClient) -> None:
    cabinet, headers = await cabinet_with_session(api.context, ADDRESS)
    inbound_id = await deliver(api.context, cabinet, mail("Texte seul", "Rien de mis en forme."))
    answer = await api.request("GET", f"/api/mail/{inbound_id}/html", headers=headers)
    assert answer.status == 404
    assert answer.json()["erreur"] == "introuvable"
    assert answer.json()["message"] == "Ce message n’a pas de version mise en forme (HTML)."
    assert answer.headers["x-frame-options"] == "DENY"  # an error is never framed either
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


async def test_another_cabinets_message_and_one_kept_to_a_team_answer_404(api: ApiClient) -> None:
    cabinet, _headers = await cabinet_with_session(api.context, ADDRESS)
    _other, theirs = await cabinet_with_session(api.context, "durand@poste.example")
    mine = await deliver(api.context, cabinet, with_html("<p>Confidentiel</p>"))
    crossing = await api.request("GET", f"/api/mail/{mine}/html", headers=theirs)
    unknown = await api.request("GET", "/api/mail/01JINCONNU0000000000000000/html", headers=theirs)
    assert (crossing.status, crossing.body) == (404, unknown.body)
    assert b"Confidentiel" not in crossing.body
    dossier_id = await new_dossier(api.context, cabinet.id, visibility="equipe")
    row = await api.context.db.first("SELECT reference FROM dossiers WHERE id = ?", dossier_id)
    assert row is not None
    team_address = f"martin+{row['reference']}@poste.example"
    kept = await deliver(api.context, cabinet, with_html("<p>Équipe</p>", to=team_address), to=team_address)
    outsider = await signed_in(api.context, cabinet.id, Role.COLLABORATEUR)
    hidden = await api.request("GET", f"/api/mail/{kept}/html", headers=outsider)
    assert (hidden.status, hidden.json()["message"]) == (404, "Message introuvable.")
    associe = await signed_in(api.context, cabinet.id, Role.ASSOCIE)
    assert (await api.request("GET", f"/api/mail/{kept}/html", headers=associe)).status == 200


async def test_the_frame_is_read_with_the_session_cookie_alone(api: ApiClient) -> None:
    """What the browser sends for an iframe's src: the session cookie, and no CSRF header (a GET)."""
    cabinet, _headers = await cabinet_with_session(api.context, ADDRESS)
    inbound_id = await deliver(api.context, cabinet, with_html("<p>Par le cadre</p>"))
    person = await person_of(api.context, cabinet.id, Role.AVOCAT)
    signed = await login(api, person.email)
    answer = await api.request("GET", f"/api/mail/{inbound_id}/html", headers={"cookie": cookie_of(signed)})
    assert answer.status == 200
    assert "<body><p>Par le cadre</p></body>" in answer.body.decode()

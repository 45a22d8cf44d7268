"""The demo cabinet's mail (`./poste demo`): eight messages a French firm receives — a convocation, an avis de
fixation, a confrère's reply with the quoted history, a client's email, a signification with its PDF, a message to a
dossier's own address, an unknown prospect's request and an Outlook file that is no MIME message — written from the
dossiers' facts and dated from today, then taken in by the same intake as `./poste ingest`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")  # fmt: skip
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DOMAIN = "demo.example.fr"
CONVOCATION_ID = f"<demo-convocation@{DOMAIN}>"
# A Word/Outlook compound file (.msg) saved and forwarded as it is: not a MIME message, so quarantined.
OUTLOOK_MSG = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600


def french_day(day: date) -> str:
    """« jeudi 14 janvier 2027 »."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def _working_day(day: date) -> date:
    """Courts sit on working days: a weekend date moves to the Monday after."""
    return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF showing one line of ASCII text, its cross-reference table pointing at the right offsets."""
    line = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 11 Tf 60 760 Td ({line}) Tj ET".encode("ascii", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _message(sender: str, subject: str, body: str, sent: datetime, key: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = f"Cabinet Démo <contact@{DOMAIN}>"
    message["Subject"] = subject
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = f"<demo-{key}@{DOMAIN}>" if key != "convocation" else CONVOCATION_ID
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message


def messages(today: date, inbound: str, dossiers: list[dict[str, str]], client_email: str) -> list[tuple[str, bytes]]:
    """(recipient, raw bytes) of the demo's mail, oldest first. `dossiers`: five dossiers' facts (reference, rg,
    court, client, adverse, counsel), the first two with an RG; `client_email`: the address of a client with a single
    dossier (the fourth)."""
    conv, fix, pdf, client, tagged = dossiers[:5]
    at = datetime.combine(today, time(9, 0), timezone(timedelta(hours=1)))
    slug, _, domain = inbound.partition("@")
    court = [(inbound, bytes(m)) for m in _from_the_courts(conv, fix, today, at)]
    return [
        *court,
        (inbound, bytes(_from_a_client(client, client_email, at - timedelta(hours=20)))),
        (inbound, bytes(_signification(pdf, today - timedelta(days=2), at - timedelta(hours=6)))),
        (f"{slug}+{tagged['reference']}@{domain}", bytes(_to_the_dossier(tagged, at - timedelta(hours=4)))),
        (inbound, bytes(_from_a_stranger(at - timedelta(hours=2)))),
        (inbound, OUTLOOK_MSG),
    ]


def _from_the_courts(conv: dict[str, str], fix: dict[str, str], today: date, at: datetime) -> list[EmailMessage]:
    """A convocation, an avis de fixation (each naming its RG and a hearing), and the confrère's reply to the
    convocation, whose quoted history names another hearing date that must not be suggested."""
    hearing = _working_day(today + timedelta(days=35))
    pleading, closing = _working_day(today + timedelta(days=70)), _working_day(today + timedelta(days=42))
    convocation = _message(
        "Greffe du tribunal judiciaire <greffe.tj-paris@justice.fr>", f"Convocation à l'audience — RG {conv['rg']}",
        f"{conv['court']}\nN° RG {conv['rg']}\n\nAffaire : {conv['client']} c/ {conv['adverse']}\n\n"
        f"Les parties sont convoquées à l'audience du {french_day(hearing)} à 14 h 00, salle 2.04.\n"
        "Les conseils sont invités à communiquer leurs pièces avant l'audience.\n\nLe greffe\n",
        at - timedelta(days=3), "convocation")  # fmt: skip
    fixation = _message(
        "e-Barreau <noreply@e-barreau.fr>",
        f"e-Barreau - Avis de fixation [{fix['rg']}] - Parties : {fix['client']} / {fix['adverse']}",
        f"{fix['court']}\nN° RG {fix['rg']}\n\nAvis de fixation à bref délai (article 906 du code de "
        f"procédure civile)\n\nL'affaire est fixée à l'audience de plaidoiries du {french_day(pleading)} "
        f"à 9 h 00, salle 3.\nDate de clôture prévisible : {french_day(closing)}.\n\nLe greffe\n",
        at - timedelta(days=2), "fixation")  # fmt: skip
    reply = _message(
        f"{conv['counsel']} <cabinet@confrere-avocats.fr>", "Re: Convocation à l'audience",
        "Mon cher confrère,\n\nJe vous confirme ma présence à l'audience et vous adresserai mes pièces "
        f"dans la semaine.\n\nBien confraternellement,\n{conv['counsel']}\n\n"
        f"Le {french_day(today - timedelta(days=3))}, le greffe a écrit :\n"
        f"> Les parties sont convoquées à l'audience du {french_day(hearing - timedelta(days=7))} à 11 h 00.\n"
        "> Le greffe\n",
        at - timedelta(days=1), "reponse", In_Reply_To=CONVOCATION_ID, References=CONVOCATION_ID)  # fmt: skip
    return [convocation, fixation, reply]


def _from_a_client(facts: dict[str, str], address: str, sent: datetime) -> EmailMessage:
    return _message(
        f"{facts['client']} <{address}>", "Question sur mon dossier",
        "Bonjour Maître,\n\nJ'ai bien reçu votre courrier. Pouvez-vous me dire où en est la procédure "
        f"contre {facts['adverse']} ? Je suis disponible en fin de semaine pour en parler.\n\n"
        f"Bien cordialement,\n{facts['client']}\n",
        sent, "client")  # fmt: skip


def _to_the_dossier(facts: dict[str, str], sent: datetime) -> EmailMessage:
    """Sent to the dossier's own address (slug+reference): no other clue needed."""
    return _message(
        "Cabinet Leroy, expert-comptable <contact@leroy-expertise.fr>", "Pièces comptables demandées",
        f"Maître,\n\nVeuillez trouver, comme convenu, les bilans 2024 et 2025 de {facts['client']}.\n"
        "Le rapport suivra la semaine prochaine.\n\nCordialement,\nPaul Leroy\n",
        sent, "pieces")  # fmt: skip


def _from_a_stranger(sent: datetime) -> EmailMessage:
    """No reference, no known address: à classer."""
    return _message(
        "Marc Petit <marc.petit@exemple-perso.fr>", "Demande de rendez-vous",
        "Bonjour,\n\nJe souhaiterais prendre rendez-vous au sujet d'un litige avec mon bailleur.\n"
        "Quelles sont vos disponibilités ?\n\nMarc Petit\n",
        sent, "prospect")  # fmt: skip


def _signification(facts: dict[str, str], signified: date, sent: datetime) -> EmailMessage:
    message = _message(
        "Étude Roux, commissaires de justice <etude@roux-cj.fr>",
        f"Signification du jugement — N/Réf {facts['reference']}",
        f"Maître,\n\nNous vous informons que le jugement rendu dans l'affaire {facts['client']} c/ "
        f"{facts['adverse']} a été signifié le {french_day(signified)}.\nLe délai d'appel est d'un mois à compter "
        "de la présente.\nVous trouverez l'acte en pièce jointe.\n\nL'étude\n",
        sent, "signification")  # fmt: skip
    pdf = tiny_pdf(f"Acte de signification - {facts['reference']} - {facts['client']}")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="acte-signification.pdf")
    return message

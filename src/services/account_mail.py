"""The mail that accounts need: an invitation to join a cabinet, a password reset link. French, plain text."""

from __future__ import annotations

from domain.cabinets import Cabinet
from domain.people import ROLE_LABELS, Invitation
from services.context import AppContext
from services.ports import OutboundMail


def invitation_link(ctx: AppContext, token: str) -> str:
    return f"{ctx.settings.base_url}/invitation/{token}"


def reset_link(ctx: AppContext, token: str) -> str:
    return f"{ctx.settings.base_url}/reinitialisation/{token}"


def invitation_mail(cabinet: Cabinet, invitation: Invitation, link: str) -> OutboundMail:
    expires = invitation.expires_at[:10]
    text = (
        "Bonjour,\n\n"
        f"Vous êtes invité(e) à rejoindre le cabinet {cabinet.name} sur IA Poste Manager, "
        f"en tant que {ROLE_LABELS[invitation.role]}.\n\n"
        f"Pour créer votre accès, ouvrez ce lien (valable jusqu'au {expires}, une seule fois) :\n{link}\n\n"
        "Si vous n'attendiez pas cette invitation, ignorez ce message : aucun compte ne sera créé.\n"
    )
    return OutboundMail(to=invitation.email, subject=f"Invitation : cabinet {cabinet.name}", text=text)


def reset_mail(email: str, link: str) -> OutboundMail:
    text = (
        "Bonjour,\n\n"
        "Une réinitialisation du mot de passe de votre compte IA Poste Manager a été demandée.\n\n"
        f"Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :\n{link}\n\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.\n"
    )
    return OutboundMail(to=email, subject="Réinitialisation de votre mot de passe", text=text)

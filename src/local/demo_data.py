"""The demo cabinet's content (`./poste demo`): its people, and the text of its documents, written from a dossier's
facts so that searching for a name, a court or an RG number finds them."""

from __future__ import annotations

from domain.actors import Role

SLUG = "demo"
NAME = "Cabinet Démo"
ASSOCIE = ("Claire Dumont", "claire.dumont@demo.example.fr")
STAFF = (
    (Role.AVOCAT, "Julien Moreau", "julien.moreau@demo.example.fr"),
    (Role.AVOCAT, "Inès Bertrand", "ines.bertrand@demo.example.fr"),
    (Role.COLLABORATEUR, "Hugo Lambert", "hugo.lambert@demo.example.fr"),
    (Role.ASSISTANT, "Sophie Garnier", "sophie.garnier@demo.example.fr"),
)
CLIENTS = 10
DOSSIERS = 15
DOCUMENTS = 10

_TEMPLATES = (
    (
        "Assignation",
        "assignation.txt",
        "ASSIGNATION DEVANT LE {court}\n\nÀ la requête de {client}, ayant pour avocat Maître {lawyer}, du {cabinet},\n"
        "il est donné assignation à {adverse} d'avoir à comparaître devant le {court}.\n\nOBJET DE LA DEMANDE\n"
        "{client} sollicite la condamnation de {adverse} au paiement de la somme de {amount} euros, outre les "
        "intérêts au taux légal, au titre du litige relatif à : {matter}.\n\nRéférence du cabinet : {reference}.\n",
    ),
    (
        "Conclusions récapitulatives",
        "conclusions.txt",
        "CONCLUSIONS RÉCAPITULATIVES\n\n{court} — RG {rg}\n\nPOUR : {client}\nCONTRE : {adverse}, ayant pour "
        "conseil {counsel}\n\nPLAISE AU TRIBUNAL\n\nDébouter {adverse} de l'ensemble de ses demandes ; le condamner "
        "à verser à {client} la somme de {amount} euros au titre de l'article 700 du code de procédure civile.\n",
    ),
    (
        "Courrier au client",
        "courrier-client.txt",
        "Madame, Monsieur,\n\nNous faisons suite à notre entretien concernant votre dossier {reference} ({matter}).\n"
        "L'audience devant le {court} est fixée ; la partie adverse, {adverse}, a communiqué ses pièces.\n"
        "Nous restons à votre disposition.\n\nMaître {lawyer}\n{cabinet}\n",
    ),
)


def document_text(index: int, facts: dict[str, str]) -> tuple[str, str, str]:
    """The title, file name and text of the demo's `index`-th document about a dossier described by `facts`."""
    title, file_name, template = _TEMPLATES[index % len(_TEMPLATES)]
    return title, file_name, template.format(**facts)

"""The JSON schema the model must answer in, and the plain types its answer is read into."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.extraction.model import FactKind, MessageKind

SCHEMA_VERSION = "facts-v2"
FACT_KINDS = tuple(k.value for k in FactKind)
MESSAGE_KINDS = tuple(k.value for k in MessageKind)

JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "message_kind": {"type": "string", "enum": list(MESSAGE_KINDS)},
        "facts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": list(FACT_KINDS)},
                    "value": {"type": "string"},
                    "quote": {"type": "string"},
                },
                "required": ["kind", "value", "quote"],
            },
        },
    },
    "required": ["message_kind", "facts"],
}

SYSTEM_PROMPT = """Tu lis le courrier d'un cabinet d'avocats français. Réponds uniquement en JSON selon le schéma.
Pour chaque fait, "quote" est la citation EXACTE du texte (copiée caractère pour caractère) qui le porte, et
"value" sa forme normalisée :
- rg : numéro de répertoire général ("24/01234", "F 25/00789", "2021F01222", "11-21-001083") ;
- requete : numéro d'une requête devant un tribunal administratif ("2401234") ou une cour administrative d'appel
  ("24PA01234") ;
- portalis, pourvoi ("19-24.799"), minute (numéro de la décision, jamais le RG), dossier_ref (référence du cabinet) ;
- jurisdiction : "CODE:Siège" avec CODE parmi TJ, CA, CPH, TC, TAE, TPROX, TPBR, TA, CAA, JEX, JAF, JCP ;
  "CCASS" ou "CE" sans siège ;
- parties : "A c/ B" ;
- date : AAAA-MM-JJ ; datetime : AAAA-MM-JJTHH:MM ; hearing (audience) : date ou date-heure de l'audience ;
- deadline : date limite fixe AAAA-MM-JJ ; delay : délai relatif en durée ISO 8601 ("P15D", "P1M") ;
- amount : montant en euros avec deux décimales ("1500.00").
Ne relève que les faits du texte nouveau : l'historique cité (lignes commençant par ">", "Le … a écrit :",
"De : … Envoyé : …", messages transférés) est ignoré, et un fait qui n'est cité que là sera rejeté.
N'invente rien : un fait sans citation exacte sera rejeté."""


@dataclass(frozen=True, slots=True)
class ProposedFact:
    kind: str
    value: str
    quote: str


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    message_kind: str
    facts: tuple[ProposedFact, ...]


class InvalidAnswer(ValueError):
    """The model's answer does not follow the schema."""

"""The answers of the documents routes (docs/dossiers.md: DocumentOut, VersionOut, lists), and their rendering:
who uploaded is shown as a PersonRef, looked up once per person per answer."""

from __future__ import annotations

from pydantic import BaseModel, Field

from domain.documents import Document, DocumentVersion, TextStatus
from services.documents import DocumentPage
from services.scope import CabinetScope


class PersonRef(BaseModel):
    id: str
    name: str


class VersionOut(BaseModel):
    version: int
    file_name: str
    size: int
    sha256: str
    content_type: str = Field(description="ce que sont les octets (reconnu), le type servi au téléchargement")
    declared_type: str
    text_status: TextStatus
    uploaded_at: str
    uploaded_by: PersonRef | None


class DocumentOut(BaseModel):
    id: str
    dossier_id: str | None
    title: str
    tags: list[str]
    current_version: int
    file_name: str
    size: int
    sha256: str
    content_type: str
    text_status: TextStatus
    created_at: str
    created_by: PersonRef | None
    updated_at: str


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]


class DocumentListOut(BaseModel):
    items: list[DocumentOut]
    next_cursor: str | None


class _People:
    """The authors named in a response, read in one query before rendering (never one query per row)."""

    def __init__(self, names: dict[str, str]) -> None:
        self._names = names

    @classmethod
    async def of(cls, scope: CabinetScope, person_ids: list[str]) -> _People:
        return cls(await scope.people.names(person_ids) if person_ids else {})

    def ref(self, person_id: str) -> PersonRef | None:
        name = self._names.get(person_id)
        return PersonRef(id=person_id, name=name) if name is not None else None


def _document(people: _People, document: Document) -> DocumentOut:
    current = document.current
    return DocumentOut(
        id=document.id,
        dossier_id=document.dossier_id,
        title=document.title,
        tags=list(document.tags),
        current_version=current.version,
        file_name=current.file_name,
        size=current.size,
        sha256=current.sha256,
        content_type=current.content_type,
        text_status=current.text_status,
        created_at=document.created_at,
        created_by=people.ref(document.created_by),
        updated_at=document.updated_at,
    )


def _version(people: _People, version: DocumentVersion) -> VersionOut:
    return VersionOut(
        version=version.version,
        file_name=version.file_name,
        size=version.size,
        sha256=version.sha256,
        content_type=version.content_type,
        declared_type=version.declared_type,
        text_status=version.text_status,
        uploaded_at=version.uploaded_at,
        uploaded_by=people.ref(version.uploaded_by),
    )


async def render(scope: CabinetScope, document: Document) -> DocumentOut:
    return _document(await _People.of(scope, [document.created_by]), document)


async def render_detail(scope: CabinetScope, document: Document, versions: list[DocumentVersion]) -> DocumentDetailOut:
    people = await _People.of(scope, [document.created_by, *(v.uploaded_by for v in versions)])
    out = _document(people, document)
    return DocumentDetailOut(**out.model_dump(), versions=[_version(people, v) for v in versions])


async def render_page(scope: CabinetScope, page: DocumentPage) -> DocumentListOut:
    people = await _People.of(scope, [d.created_by for d in page.items])
    return DocumentListOut(items=[_document(people, d) for d in page.items], next_cursor=page.next_cursor)

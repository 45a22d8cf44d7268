"""What a document's bytes are (domain/document_types.py), and when the declared type contradicts them."""

from __future__ import annotations

import pytest

from domain.document_types import DOCX, MAIL, ODT, PDF, TEXT, XLSX, ZIP, coherent, sniff
from tests.api.document_files import docx_with_paragraphs, odt_with_paragraphs, pdf_with_text


def xlsx() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n...", PDF),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "audio/mpeg"),
        (b"OggS\x00\x02\x00\x00", "audio/ogg"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00", "audio/mp4"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "application/octet-stream"),
        (b"\x7fELF\x02\x01\x01\x00", "application/octet-stream"),
        ("Bonjour Maître, voici les pièces.\n".encode(), TEXT),
        ("Bonjour Ma\xeetre\r\n".encode("cp1252"), TEXT),
        (b"From: avocat@example.fr\r\nTo: greffe@justice.fr\r\nSubject: Conclusions\r\n\r\nCorps", MAIL),
        (b"", "application/octet-stream"),
    ],
)
def test_the_type_is_told_from_the_first_bytes(head, expected):
    assert sniff(head) == expected


def test_zip_based_office_files_are_told_apart_by_their_inner_names():
    assert sniff(docx_with_paragraphs("Assignation")) == DOCX
    assert sniff(odt_with_paragraphs("Assignation")) == ODT
    assert sniff(xlsx()) == XLSX
    assert sniff(pdf_with_text("Jugement")) == PDF
    assert sniff(b"PK\x03\x04" + b"\x00" * 26 + b"photos/1.jpg") == ZIP


def test_a_header_line_alone_is_text_not_mail():
    assert sniff(b"Note: rappeler le client\nA faire demain\n") == TEXT


@pytest.mark.parametrize(
    ("declared", "sniffed"),
    [
        ("application/pdf", PDF),
        ("application/PDF; name=x.pdf", PDF),
        ("application/octet-stream", "application/octet-stream"),
        ("application/octet-stream", PDF),
        ("", "image/png"),
        (None, "image/png"),
        ("image/jpg", "image/jpeg"),
        ("application/zip", DOCX),
        (DOCX, ZIP),
        ("text/csv", TEXT),
        ("text/html", TEXT),
        ("message/rfc822", MAIL),
        ("message/rfc822", TEXT),
        ("audio/x-m4a", "audio/mp4"),
        ("video/mp4", "audio/mp4"),
        ("application/msword", "application/octet-stream"),
        ("image/tiff", "application/octet-stream"),
    ],
)
def test_a_declared_type_that_agrees_or_says_nothing_is_coherent(declared, sniffed):
    assert coherent(declared, sniffed)


@pytest.mark.parametrize(
    ("declared", "sniffed"),
    [
        ("application/pdf", "application/octet-stream"),  # a "PDF" that is an executable
        ("image/png", PDF),
        ("application/pdf", TEXT),
        ("text/plain", "application/octet-stream"),
        (DOCX, PDF),
        (DOCX, XLSX),
        ("application/msword", PDF),
        ("audio/mpeg", "image/jpeg"),
    ],
)
def test_a_declared_type_the_bytes_contradict_is_incoherent(declared, sniffed):
    assert not coherent(declared, sniffed)

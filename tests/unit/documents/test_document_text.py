"""Text extraction (domain/document_text.py) from small real files the tests build: PDF, DOCX, ODT, plain text,
e-mail; bounded, and never raising."""

from __future__ import annotations

import io
import zipfile

from domain.document_text import MAX_TEXT_CHARS, extract_text
from domain.document_types import DOCX, MAIL, ODT, PDF, TEXT
from domain.documents import TextStatus
from tests.api.document_files import docx_with_paragraphs, odt_with_paragraphs, pdf_with_text


def test_the_text_of_every_page_of_a_pdf_is_extracted():
    extracted = extract_text(pdf_with_text("Jugement du tribunal judiciaire", "Condamne la societe Martin"), PDF)
    assert extracted.status is TextStatus.EXTRACTED
    assert "Jugement du tribunal judiciaire" in extracted.text
    assert "Condamne la societe Martin" in extracted.text


def test_a_pdf_without_text_is_empty_and_a_broken_one_a_failure():
    assert extract_text(pdf_with_text(""), PDF).status is TextStatus.EMPTY
    assert extract_text(b"%PDF-1.7\n" + b"\x00garbage" * 100, PDF).status is TextStatus.FAILED


def test_the_paragraphs_of_a_docx_and_an_odt_are_extracted_in_order():
    docx = extract_text(docx_with_paragraphs("Assignation en référé", "Par-devant le président"), DOCX)
    assert (docx.status, docx.text) == (TextStatus.EXTRACTED, "Assignation en référé\nPar-devant le président")
    odt = extract_text(odt_with_paragraphs("Conclusions d'intimé", "Plaise à la cour"), ODT)
    assert (odt.status, odt.text) == (TextStatus.EXTRACTED, "Conclusions d'intimé\nPlaise à la cour")


def test_plain_text_is_decoded_whatever_its_charset():
    assert extract_text("Reçu le chèque".encode(), TEXT).text == "Reçu le chèque"
    assert extract_text("Reçu le chèque".encode("cp1252"), TEXT).text == "Reçu le chèque"
    assert extract_text(b"  \n ", TEXT).status is TextStatus.EMPTY


def test_an_email_gives_its_subject_its_people_and_its_body():
    raw = (
        b"From: Me Durand <durand@avocats.fr>\r\nTo: greffe@justice.fr\r\nSubject: =?utf-8?q?Renvoi_d=C3=A9cid=C3=A9?="
        b"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nL'audience est renvoy\xc3\xa9e au 12 mai.\r\n"
    )
    extracted = extract_text(raw, MAIL)
    assert extracted.status is TextStatus.EXTRACTED
    assert "Renvoi décidé" in extracted.text
    assert "Me Durand" in extracted.text
    assert "renvoyée au 12 mai" in extracted.text


def test_formats_without_text_are_not_supported():
    assert extract_text(b"\x89PNG\r\n\x1a\n", "image/png").status is TextStatus.UNSUPPORTED
    assert extract_text(b"ID3", "audio/mpeg").status is TextStatus.UNSUPPORTED


def test_a_zip_bomb_or_a_broken_archive_is_a_failure_not_an_exception():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (21 * 1024 * 1024) + b"</a>")
    assert extract_text(out.getvalue(), DOCX).status is TextStatus.FAILED
    assert extract_text(b"PK\x03\x04 not really", DOCX).status is TextStatus.FAILED
    assert extract_text(docx_with_paragraphs("x").replace(b"word/document.xml", b"word/other.xmlxx"), DOCX).status is (
        TextStatus.FAILED
    )


def test_extraction_stops_when_the_time_budget_runs_out_and_text_is_capped():
    calls = []

    def out_of_time() -> bool:
        calls.append(1)
        return len(calls) > 1

    assert extract_text(pdf_with_text("un", "deux", "trois"), PDF, out_of_time).status is TextStatus.FAILED
    assert len(calls) == 2
    long = extract_text(b"mot " * MAX_TEXT_CHARS, TEXT)
    assert len(long.text) == MAX_TEXT_CHARS

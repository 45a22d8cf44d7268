"""File names, titles, tags, Content-Disposition and Range (domain/documents.py)."""

from __future__ import annotations

from urllib.parse import quote, unquote

import pytest

from domain.documents import (
    ByteSpan,
    Unsatisfiable,
    blob_key,
    content_disposition,
    file_name_of,
    may_show_inline,
    parse_range,
    parse_tags,
    valid_title,
)
from domain.errors import InvalidInput


def test_a_percent_encoded_utf8_file_name_is_decoded_and_stripped_of_paths_and_tricks():
    assert file_name_of(quote("Conclusions d'appel – Société Générale.pdf"), PDF) == (
        "Conclusions d'appel – Société Générale.pdf"
    )
    assert file_name_of(quote("../../etc/passwd"), PDF) == "passwd"
    assert file_name_of(quote("facture\u202efdp.exe"), PDF) == "facturefdp.exe"
    assert file_name_of(quote("a\r\nSet-Cookie: x.pdf"), PDF) == "a  Set-Cookie: x.pdf"


def test_a_file_sent_without_a_name_is_called_document_with_the_extension_of_its_bytes():
    assert file_name_of(None, PDF) == "document.pdf"
    assert file_name_of("", "application/octet-stream") == "document.bin"
    assert file_name_of("..", "image/png") == "document.png"


def test_the_title_defaults_to_the_file_name_and_is_one_bounded_line():
    assert valid_title(None, "jugement.pdf") == "jugement.pdf"
    assert valid_title("  Jugement\n du 3 mars ", "x.pdf") == "Jugement du 3 mars"
    with pytest.raises(InvalidInput) as refused:
        valid_title("x" * 301, "x.pdf")
    assert refused.value.field == "title"


def test_tags_are_trimmed_lowered_and_deduplicated_in_order():
    assert parse_tags(" Pièces , CONCLUSIONS,pièces,, ") == ("pièces", "conclusions")
    assert parse_tags(["Expertise", "expertise "]) == ("expertise",)
    assert parse_tags(None) == ()
    with pytest.raises(InvalidInput):
        parse_tags(",".join(f"t{n}" for n in range(21)))


@pytest.mark.parametrize(
    ("content_type", "inline"),
    [("application/pdf", True), ("image/png", True), ("image/webp", True), ("audio/mpeg", True), ("text/plain", True),
     ("message/rfc822", False), ("application/zip", False), ("video/mp4", False), ("application/octet-stream", False),
     ("application/vnd.oasis.opendocument.text", False)],
)  # fmt: skip
def test_only_pdfs_images_audio_and_plain_text_may_be_shown_inline(content_type, inline):
    assert may_show_inline(content_type) is inline


def test_blobs_are_kept_under_the_cabinet_the_document_the_version_and_the_upload_attempt():
    assert blob_key("cab1", "doc1", 3, "up7") == "cabinets/cab1/documents/doc1/v3-up7"


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("Assignation.pdf", "Assignation.pdf"),
        ("Conclusions récapitulatives n°2.pdf", "Conclusions recapitulatives n_2.pdf"),
        ('Pièce "A" \\ B.pdf', "Piece _A_ _ B.pdf"),
        ("Contrat 📄 signé.pdf", "Contrat _ signe.pdf"),
        ("100%.txt", "100_.txt"),
        ("ß🎉", "__"),
    ],
)
def test_content_disposition_gives_an_ascii_fallback_and_the_exact_utf8_name(name, fallback):
    header = content_disposition(name)
    plain, encoded = header.split("; filename*=UTF-8''")
    assert plain == f'attachment; filename="{fallback}"'
    assert all(ch.isascii() and ch not in " \"';" for ch in encoded)
    assert unquote(encoded, errors="strict") == name
    assert content_disposition(name, inline=True).startswith("inline; ")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", ByteSpan(0, 99)),
        ("bytes=100-", ByteSpan(100, 999)),
        ("bytes=-10", ByteSpan(990, 999)),
        ("bytes=-5000", ByteSpan(0, 999)),
        ("bytes=990-5000", ByteSpan(990, 999)),
        (" Bytes = 5-5 ", ByteSpan(5, 5)),
        (None, None),
        ("bytes=0-1,5-6", None),  # several ranges: the whole content (RFC 9110 lets a server ignore Range)
        ("bytes=9-3", None),
        ("items=0-1", None),
        ("bytes=abc", None),
        ("bytes=-", None),
        ("bytes=١-٢", None),
    ],
)
def test_one_byte_range_is_read_from_the_range_header(header, expected):
    assert parse_range(header, 1000) == expected


def test_a_range_past_the_end_is_unsatisfiable_with_the_size_in_content_range():
    for header in ("bytes=1000-", "bytes=1000-2000", "bytes=-0"):
        assert isinstance(parse_range(header, 1000), Unsatisfiable)
    assert Unsatisfiable.content_range(1000) == "bytes */1000"
    assert ByteSpan(0, 99).content_range(1000) == "bytes 0-99/1000"
    assert ByteSpan(0, 99).length == 100


PDF = "application/pdf"

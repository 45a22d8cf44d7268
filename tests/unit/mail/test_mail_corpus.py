"""Every message of the shared real-world corpus is read without an exception (read in place, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.mail import Limits, ParsedMessage, ReadStatus, read_message
from domain.mail.contents import unpack_tnef

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "email"
FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".eml", ".msg")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not FILES, reason=f"shared corpus absent: {CORPUS} (clone ../shared beside)")


def read(relative: str) -> ParsedMessage:
    return read_message((CORPUS / relative).read_bytes())


@needs_corpus
def test_the_corpus_holds_about_ninety_messages() -> None:
    assert len(FILES) >= 85


@needs_corpus
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_each_corpus_message_is_read_without_exception(path: Path) -> None:
    message = read_message(path.read_bytes())
    assert message.status in (ReadStatus.OK, ReadStatus.MALFORMED)
    if message.status is ReadStatus.MALFORMED:
        assert message.reason
    json.dumps([a.filename for a in message.attachments], ensure_ascii=False)  # names are real text


@needs_corpus
def test_only_the_outlook_msg_files_are_malformed() -> None:
    malformed = {str(p.relative_to(CORPUS)): read_message(p.read_bytes()).reason for p in FILES}
    malformed = {k: v for k, v in malformed.items() if v}
    assert set(malformed) == {str(p.relative_to(CORPUS)) for p in FILES if p.suffix == ".msg"}
    assert set(malformed.values()) == {"outlook_msg_not_mime"}


@needs_corpus
def test_raw_8bit_filename_is_decoded() -> None:
    message = read("mikel/attachment_emails__attachment_nonascii_filename.eml")
    assert [a.filename for a in message.attachments] == ["ciële.txt"]


@needs_corpus
def test_rfc2231_filename_with_a_wrong_charset_falls_back_without_replacement_characters() -> None:
    message = read("mikel/attachment_emails__attachment_with_encoded_name.eml")
    assert message.attachments[0].filename == "01 Quien Te DijŠat. Pitbull.mp3"


@needs_corpus
def test_rfc2047_and_rfc2231_filenames_are_decoded() -> None:
    assert read("mikel/attachment_emails__attachment_with_quoted_filename.eml").attachments[0].filename == (
        "Eelanalüüsi päring.jpg"
    )
    long_name = read("mikel/multi_charset__japanese_attachment_long_name.eml").attachments[0].filename
    assert long_name == "かきくけこかきくけこかきくけこかきくけこかきくけこ.txt"
    names = [a.filename for a in read("mailparser/nodemailer.eml").attachments]
    assert "nyan cat ✔.gif" in names


@needs_corpus
def test_headers_in_latin1_and_raw_8bit_are_decoded() -> None:
    assert read("spamscope/mail_test_5.eml").subject == "Je prépare mon été zéro complexe !"
    assert read("mikel/error_emails__invalid_subject_characters.eml").subject.startswith("Formação FrenetikPolis")
    assert read("msgreader/EmailWithISO_8859_1_From.eml").from_[0].name == "Some ßtring"
    assert read("mikel/rfc6532__utf8_headers.eml").subject == "Säying Hello"


@needs_corpus
def test_bodies_in_other_charsets_are_decoded() -> None:
    assert "euro € symbol" in read("mime4j-testmsgs/qp-body.eml").body.full  # iso-8859-15, quoted-printable
    assert "我把镜头拉近些" in read("spamscope/mail_test_9.eml").subject  # gb2312 read as its superset


@needs_corpus
def test_nested_forwards_are_read_recursively() -> None:
    torture = read("postal-mime/mimetorture.eml")
    assert len(torture.forwarded) >= 5
    assert any(inner.forwarded for inner in torture.forwarded)  # messages inside messages
    embedded = read("mimekit/simple-embedded-message.eml")
    assert len(embedded.forwarded) == 1
    assert embedded.attachments[-1].content_type == "message/rfc822"


@needs_corpus
def test_a_base64_encoded_forward_is_decoded_twice_over() -> None:
    message = read("mime4j-testmsgs/base64encoded-rfc822message-nested.eml")
    inner = message.forwarded[0]
    assert inner.subject == "a simple rfc822 message encoded in a base64 body."
    assert "Text body" in inner.forwarded[0].body.full


@needs_corpus
def test_calendar_invitation_becomes_one_event() -> None:
    message = read("postal-mime/calendar-event.eml")
    assert len(message.events) == 1
    assert message.events[0].summary == "Test event ⏰"
    assert message.events[0].start == "2024-04-11T11:00:00+03:00"
    assert [a.filename for a in message.attachments] == ["invite.ics"]


@needs_corpus
def test_winmail_dat_is_unpacked_and_its_body_used() -> None:
    rich = read("mimekit-tnef/rich-text.eml")
    assert [a.source for a in rich.attachments].count("winmail.dat") >= 2
    ukr = read("mimekit-tnef/ukr.eml")
    assert ukr.body.full.count("шостий") == 1  # the MIME body wins over the TNEF copy


@needs_corpus
def test_bare_tnef_payloads_list_the_expected_files() -> None:
    for name in ("two-files", "winmail"):
        expected = (CORPUS / "tnef-raw" / f"{name}.list").read_text().split("\n")
        content = unpack_tnef((CORPUS / "tnef-raw" / f"{name}.tnef").read_bytes(), [])
        assert content is not None
        assert [f.name for f in content.files] == [line for line in expected if line.strip()]


@needs_corpus
def test_pdf_attachment_text_is_extracted() -> None:
    message = read("spamscope/mail_test_2.eml")
    pdf = next(a for a in message.attachments if a.filename == "Bollettino.pdf")
    assert pdf.size > 0
    assert len(pdf.sha256) == 64
    assert pdf.text.strip()


@needs_corpus
def test_inline_images_are_marked_inline() -> None:
    message = read("msgreader/TestWithAttachmentsAndInlines.eml")
    logo = next(a for a in message.attachments if a.filename == "Outlook-facebook.png")
    assert logo.inline
    assert logo.content_id


@needs_corpus
def test_reply_threading_headers_are_kept() -> None:
    message = read("mikel/plain_emails__raw_email_reply.eml")
    assert message.in_reply_to.startswith("<")
    assert message.references


@needs_corpus
def test_parsing_part_by_part_reads_well_formed_multiparts_as_the_stdlib_does() -> None:
    compared = 0
    for path in FILES:
        raw = path.read_bytes()
        whole = read_message(raw, Limits(split_above_bytes=len(raw) + 1))
        if not whole.content_type.startswith("multipart/") or whole.defects:
            continue
        split = read_message(raw, Limits(split_above_bytes=0))
        compared += 1
        assert split.body == whole.body, path
        assert [(a.filename, a.content_type) for a in split.attachments] == [
            (a.filename, a.content_type) for a in whole.attachments
        ], path
        assert [f.subject for f in split.forwarded] == [f.subject for f in whole.forwarded], path
        assert split.events == whole.events, path
    assert compared >= 30

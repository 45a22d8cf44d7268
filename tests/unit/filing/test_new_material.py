"""What the filing reads references in (services/filing.py `new_material`): the new text and attached files, never
the quoted history nor a forwarded message."""

from domain.mail import read_message
from services.filing import forwarded_material, new_material

RAW = (
    b'Subject: Avis\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVeuillez trouver l'avis.\r\n\r\n"
    b"Le 1 mars 2026, X a ecrit :\r\n> RG 11/11111\r\n"
    b'--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename="avis.txt"\r\n\r\n'
    b"Cour d'appel de Douai, RG 25/04410.\r\n"
    b'--b\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="fwd.eml"\r\n\r\n'
    b"Subject: Ancien\r\n\r\nRG 22/22222\r\n--b--\r\n"
)


def test_the_new_text_and_attached_files_count_but_not_the_history_nor_a_forwarded_message():
    material = new_material(read_message(RAW))
    assert "Veuillez trouver" in material
    assert "25/04410" in material
    assert "11/11111" not in material
    assert "22/22222" not in material


def test_a_forwarded_message_is_read_apart_for_a_weaker_clue_and_quoted_history_never():
    material = forwarded_material(read_message(RAW))
    assert "22/22222" in material
    assert "11/11111" not in material

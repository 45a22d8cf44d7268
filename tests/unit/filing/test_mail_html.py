"""The HTML of a message made safe to show (domain/mail_html.py)."""

from domain.mail_html import sanitise_html, sanitised_html


def test_scripts_styles_remote_images_links_and_attributes_are_removed_text_and_structure_kept():
    html = (
        '<html><head><style>p{color:red}</style></head><body onload="x()"><p class="a">Maître,</p>'
        '<script>alert(1)</script><img src="https://pixel.example/t.gif"><a href="https://evil.example">lien</a>'
        '<table><tr><td colspan="2" style="x">RG 24/01234</td></tr></table><iframe src="x">cadre</iframe></body></html>'
    )
    assert sanitise_html(html) == '<p>Maître,</p>lien<table><tr><td colspan="2">RG 24/01234</td></tr></table>'


def test_text_is_escaped_and_unclosed_tags_are_closed():
    assert sanitise_html("<div><b>a &lt;script&gt; b") == "<div><b>a &lt;script&gt; b</b></div>"


def test_only_the_html_body_of_a_message_is_shown_never_an_attached_html_file():
    raw = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/html; charset=utf-8\r\n\r\n<p>Corps</p>\r\n--b\r\nContent-Type: text/html\r\n"
        b'Content-Disposition: attachment; filename="piece.html"\r\n\r\n<p>Pi\xc3\xa8ce</p>\r\n--b--\r\n'
    )
    assert sanitised_html(raw) == "<p>Corps</p>"
    assert sanitised_html(b"Subject: x\r\n\r\ntexte") is None

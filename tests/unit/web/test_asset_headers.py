"""`_headers` read the way Workers Static Assets reads it (src/local/asset_headers.py), and the project's own file:
valid, with the protections the API repeats (handlers/api/security.py), value for value."""

from __future__ import annotations

from pathlib import Path

from starlette.datastructures import MutableHeaders

from handlers.api.security import SECURITY_HEADERS
from local.asset_headers import MAX_RULES, HeaderRules, parse_headers

ROOT = Path(__file__).resolve().parents[3]
HEADERS_SOURCE = ROOT / "web" / "public" / "_headers"


def applied(text: str, path: str, host: str = "cabinet.example", given: dict[str, str] | None = None) -> dict[str, str]:
    parsed = parse_headers(text)
    headers = MutableHeaders(headers=given or {})
    HeaderRules(app=None, rules=parsed.rules).apply(headers, host, path)  # type: ignore[arg-type]
    return dict(headers.items())


def test_the_projects_file_is_valid_and_its_every_path_block_is_what_the_api_sends() -> None:
    parsed = parse_headers(HEADERS_SOURCE.read_text(encoding="utf-8"))
    assert parsed.invalid == ()
    [every_path] = [rule for rule in parsed.rules if rule.pattern == "/*"]
    assert every_path.set == tuple((name.lower(), value) for name, value in SECURITY_HEADERS)
    assert every_path.unset == ()


def test_the_content_security_policy_allows_no_inline_script_nor_framing() -> None:
    policy = dict(SECURITY_HEADERS)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["frame-src"] == ["'self'"]  # the message's HTML, framed from the API (docs/courrier.md)
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert "access-control-allow-origin" not in HEADERS_SOURCE.read_text(encoding="utf-8").lower()


def test_rules_apply_in_order_joining_repeated_headers_and_replacing_the_responses_own() -> None:
    text = "/*\n  X-Robots-Tag: noindex\n  Cache-Control: no-store\n\n/assets/*\n  X-Robots-Tag: nosnippet\n"
    assert applied(text, "/assets/app.js", given={"cache-control": "public"}) == {
        "x-robots-tag": "noindex, nosnippet",
        "cache-control": "no-store",
    }
    assert applied(text, "/") == {"x-robots-tag": "noindex", "cache-control": "no-store"}


def test_a_bang_detaches_a_header_set_by_a_wider_rule() -> None:
    text = "/*\n  Content-Security-Policy: default-src 'self'\n/*.jpg\n  ! Content-Security-Policy\n"
    assert applied(text, "/photo.jpg") == {}
    assert applied(text, "/page") == {"content-security-policy": "default-src 'self'"}


def test_splats_and_placeholders_match_whole_paths_and_fill_values() -> None:
    text = '/movies/:title\n  x-movie-name: You are watching ":title"\n/static/*\n  x-file: :splat\n'
    assert applied(text, "/movies/alien") == {"x-movie-name": 'You are watching "alien"'}
    assert applied(text, "/movies/alien/extra") == {}
    assert applied(text, "/static/a/b.css") == {"x-file": "a/b.css"}
    assert applied(text, "/staticx") == {}


def test_absolute_rules_match_the_host_and_ignore_the_scheme_and_port() -> None:
    text = "https://:sub.poste.example/*\n  X-Robots-Tag: noindex\n"
    assert applied(text, "/x", host="preview.poste.example") == {"x-robots-tag": "noindex"}
    assert applied(text, "/x", host="poste.example") == {}
    assert parse_headers("https://poste.example:8443/*\n  X-A: b\n").rules == ()


def test_malformed_lines_are_reported_and_ignored() -> None:
    parsed = parse_headers("X-Before: path\n/a\n  no colon here\n  Bad Name: x\n  X-Empty:\n/b\n/c\n  X-Ok: yes\n")
    assert [rule.pattern for rule in parsed.rules] == ["/c"]
    assert len(parsed.invalid) == 6  # a header before any path, three bad lines, two rules without headers


def test_rules_past_the_hundredth_and_overlong_lines_are_ignored() -> None:
    many = "".join(f"/r{n}\n  X-N: {n}\n" for n in range(MAX_RULES + 5))
    parsed = parse_headers(many)
    assert len(parsed.rules) == MAX_RULES
    assert parse_headers("/a\n  X-Long: " + "v" * 2000 + "\n").rules == ()

"""`_headers` read as Workers Static Assets reads it, so the local runtime's static files carry the very headers
production gives them (one file, `web/public/_headers`, copied into `public/` by the build).

The rules follow Cloudflare's own parser and matcher (wrangler's `parseHeaders`, the asset worker's rules engine):
- a line starting with `/` (or `https://host/…`) opens a rule; indented `Name: value` lines follow; `! Name`
  removes a header; `#` starts a comment; a rule without headers, a line over 2,000 characters or any rule past
  the 100th is ignored (and reported);
- a rule matches the request's path (or `https://host/path` for an absolute rule) as a whole: one `*` splat,
  `:name` placeholders (one segment; in the host, one label), both usable in values as `:splat` and `:name`;
- every matching rule applies, in the file's order: its removals first, then its headers, which replace the
  response's own and are joined with a comma to those an earlier rule set.
Workers applies them to every answer of the assets, the single-page-application fallback included: so does
`HeaderRules` here. The file itself is never served (nor `_redirects` and `.assetsignore`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS_FILE = "_headers"
NEVER_SERVED = frozenset({"_headers", "_redirects", ".assetsignore"})
MAX_RULES = 100
MAX_LINE_LENGTH = 2000
UNSET = "! "
_PATH_LIKE = re.compile(r"^([^\s]+://|/)")
_ABSOLUTE = re.compile(r"^https://+(?P<host>[^/]+)/?(?P<path>.*)$")
_PLACEHOLDER = re.compile(r":([A-Za-z]\w*)")


@dataclass(frozen=True)
class HeaderRule:
    pattern: str
    set: tuple[tuple[str, str], ...]
    unset: tuple[str, ...]


@dataclass(frozen=True)
class ParsedHeaders:
    rules: tuple[HeaderRule, ...]
    invalid: tuple[str, ...]


def parse_headers(text: str) -> ParsedHeaders:
    rules: list[HeaderRule] = []
    invalid: list[str] = []
    pattern: str | None = None
    values: dict[str, str] = {}
    unset: list[str] = []

    def close() -> None:
        if pattern is None:
            return
        if values or unset:
            rules.append(HeaderRule(pattern, tuple(values.items()), tuple(unset)))
        else:
            invalid.append(f"{pattern}: no headers specified")

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if len(line) > MAX_LINE_LENGTH:
            invalid.append(f"line {number}: longer than {MAX_LINE_LENGTH} characters")
            continue
        if _PATH_LIKE.match(line):
            if len(rules) >= MAX_RULES:
                invalid.append(f"line {number}: past the {MAX_RULES} rules allowed, the rest is ignored")
                pattern = None
                break
            close()
            pattern, values, unset = _rule_pattern(line), {}, []
            if pattern is None:
                invalid.append(f"line {number}: a rule must begin with / or https://")
            continue
        if ":" not in line:
            if pattern is not None and line.startswith(UNSET):
                unset.append(line[len(UNSET) :].strip().lower())
            else:
                invalid.append(f"line {number}: expected a 'Name: value' pair")
            continue
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip()
        if " " in name or not name or not value or pattern is None:
            invalid.append(f"line {number}: not a header of a rule")
            continue
        values[name] = f"{values[name]}, {value}" if name in values else value
    close()
    return ParsedHeaders(tuple(rules), tuple(invalid))


def _rule_pattern(line: str) -> str | None:
    absolute = _ABSOLUTE.match(line)
    if absolute:
        if re.search(r":\d+$", absolute["host"]):
            return None  # ports are refused
        return f"https://{absolute['host']}/{absolute['path']}"
    return line if line.startswith("/") else None


def _compile(pattern: str) -> re.Pattern[str] | None:
    host, path = "", pattern
    absolute = _ABSOLUTE.match(pattern)
    if absolute:
        host, path = absolute["host"], "/" + absolute["path"]

    def part(text: str, segment: str) -> str:
        pieces = re.split(r"(:[A-Za-z]\w*)", text)
        return "".join(
            f"(?P<{piece[1:]}>{segment})" if _PLACEHOLDER.fullmatch(piece) else re.escape(piece) for piece in pieces
        )

    def with_splat(text: str, segment: str) -> str:
        return "(?P<splat>.*)".join(part(piece, segment) for piece in text.split("*"))

    source = (f"https://{with_splat(host, '[^/.]+')}" if host else "") + with_splat(path, "[^/]+")
    try:
        return re.compile(f"^{source}$")
    except re.error:  # two splats, a placeholder named twice: Cloudflare skips such a rule too
        return None


def _replace(value: str, replacements: dict[str, str]) -> str:
    """`:splat` and `:name` in a value become what the request matched; unknown placeholders stay as written."""
    return _PLACEHOLDER.sub(lambda found: replacements.get(found[1], found[0]), value)


class HeaderRules:
    """Applies parsed `_headers` rules to every answer of the wrapped static-files app."""

    def __init__(self, app: ASGIApp, rules: tuple[HeaderRule, ...]) -> None:
        self.app = app
        self.rules = [(compiled, rule) for rule in rules if (compiled := _compile(rule.pattern)) is not None]

    def matching(self, host: str, path: str) -> list[tuple[HeaderRule, dict[str, str]]]:
        found = []
        for compiled, rule in self.rules:
            subject = f"https://{host}{path}" if rule.pattern.startswith("https://") else path
            hit = compiled.match(subject)
            if hit:
                found.append((rule, {name: value for name, value in hit.groupdict().items() if value is not None}))
        return found

    def apply(self, headers: MutableHeaders, host: str, path: str) -> None:
        already_set: set[str] = set()
        for rule, replacements in self.matching(host, path):
            for name in rule.unset:
                del headers[name]
            for name, value in rule.set:
                value = _replace(value, replacements)
                if name in already_set and name in headers:  # as Headers.append reads back: one joined value
                    headers[name] = f"{headers[name]}, {value}"
                else:
                    headers[name] = value
                    already_set.add(name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = scope.get("raw_path")
        path = raw.decode("latin-1").split("?", 1)[0] if isinstance(raw, bytes) else str(scope.get("path", "/"))
        host = urlsplit("//" + Headers(scope=scope).get("host", "")).hostname or ""

        async def send_with_rules(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                self.apply(MutableHeaders(scope=message), host, path)
            await send(message)

        await self.app(scope, receive, send_with_rules)


def load_rules(public_dir: Path) -> ParsedHeaders:
    file = public_dir / HEADERS_FILE
    return parse_headers(file.read_text(encoding="utf-8")) if file.is_file() else ParsedHeaders((), ())

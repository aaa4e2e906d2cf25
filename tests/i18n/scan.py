"""Crawl every page a user reaches and find English interface words in another language's pages.

A page's visible text (and its title, placeholder and aria-label attributes) is split into Latin
words; a word is an English interface word when it occurs in the English messages of the
catalogues, is not a proper name or acronym of the allow-list, is not a word of the data shown
(organisation names, user names, ...), and, for Uzbek (Latin script), is not also a word of the
Uzbek catalogues. Text inside an element whose `lang` differs from the page's (the language
switcher, a guide text shown in its fallback language with its marker), code and scripts is not
interface text in the page's language and is skipped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import polib

ROOT = Path(__file__).resolve().parents[2] / "src" / "amanat"
WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
SKIPPED_PATHS = ("/accounts/logout", "/i18n/", "/api/", "/static/", "/healthz")
DOWNLOADS = (".docx", ".xlsx", ".csv", ".zip", ".json", ".svg", ".png", ".pdf", ".xml", ".txt")
# Names, acronyms and formats that are the same in every language.
# fmt: off
ALLOWED = {
    "amanat", "htcds", "ctdc", "nrm", "ilo", "iom", "osce", "unodc", "api", "totp", "iso",
    "pdf", "xlsx", "docx", "csv", "excel", "word", "odk", "kobotoolbox", "xlsform", "json",
    "url", "http", "https", "www", "demo", "isic", "spss", "stata", "sha", "utc", "svg", "png",
    "zip", "aes", "gps", "sms", "whatsapp", "telegram", "facebook", "instagram", "google",
    "microsoft", "openapi", "swagger", "delphi", "splink", "rss", "kpi", "qr", "ngo", "uri",
    # Products and brands (HTCDS lists apps by name), currency codes, example domains.
    "central", "collect", "enketo", "odata", "line", "viber", "imo", "wechat", "tiktok",
    "vkontakte", "odnoklassniki", "youtube", "linkedin", "skype", "signal", "twitter", "snapchat",
    "kzt", "usd", "kgs", "tjs", "uzs", "rub", "eur", "tmt", "example",
    # "E-mail" is written so in the state languages' forms too.
    "mail",
}
# fmt: on
SKIP_TAGS = {"script", "style", "code", "pre", "kbd", "samp", "svg", "template"}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


def english_words() -> set[str]:
    words: set[str] = set()
    for path in ROOT.glob("**/locale/ru/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(path)):
            text = re.sub(
                r"%\(\w+\)\w|\{\w*\}|<[^>]+>", " ", entry.msgid + " " + entry.msgid_plural
            )
            words |= {w.lower() for w in WORD.findall(text)}
    return words - ALLOWED


def demo_texts() -> list[str]:
    """The English texts the demo data is made of (string literals of the demo modules): data a
    page shows, not interface."""
    import ast

    texts = []
    for path in ROOT.glob("**/demo*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.split())
                if len(text) >= 12 and WORD.search(text):
                    texts.append(text)
    for path in ROOT.glob("**/demo/**/*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.split())
                if len(text) >= 12 and WORD.search(text):
                    texts.append(text)
    return texts


def language_words(language: str, *, fold: bool = True) -> set[str]:
    """Latin words a language's own translations use: kept on purpose by the translator (column
    names a file must carry, the values an import accepts such as "true"), or, in Uzbek, words
    the language shares with English. With `fold=False` the exact spelling must match, so a
    kept "item" does not excuse an untranslated "Item"."""
    words: set[str] = set()
    for path in ROOT.glob(f"**/locale/{language}/**/*.po"):
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            for text in texts:
                words |= {w.lower() if fold else w for w in WORD.findall(text)}
    return words


class _Text(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.parts: list[str] = []
        self.links: list[str] = []

    def _skipped(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        other_language = values.get("lang") not in (None, "", self.language)
        # class "code": a code or stored value shown as it is (an answer key, a case code).
        other_language = other_language or "code" in (values.get("class") or "").split()
        skipped = (
            tag in SKIP_TAGS
            or other_language
            or "translate" in values
            and values["translate"] == "no"
        )
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self.stack.append((tag, skipped))
        if not skipped and not self._skipped():
            self.parts += [values[a] for a in ATTRIBUTES if values.get(a)]
            if (
                tag == "input"
                and values.get("type") in ("submit", "button")
                and values.get("value")
            ):
                self.parts.append(values["value"])

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._skipped():
            self.parts.append(data)


@dataclass
class Finding:
    word: str
    role: str
    url: str
    context: str


@dataclass
class ScanResult:
    pages: dict[str, list[str]] = field(default_factory=dict)  # role -> urls visited
    findings: list[Finding] = field(default_factory=list)
    errors: list[tuple[str, str, int]] = field(default_factory=list)

    def by_word(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            grouped[finding.word].append(finding)
        return dict(sorted(grouped.items()))


def _pattern(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def crawl(client, *, start: str = "/", limit: int = 80) -> list[tuple[str, str]]:
    """(url, html) of the pages reachable from `start`: one page per URL pattern (ids as N)."""
    queue, seen, pages = [start], {_pattern(start)}, []
    while queue and len(pages) < limit:
        url = queue.pop(0)
        response = client.get(url, follow=True)
        if response.redirect_chain:
            url = response.redirect_chain[-1][0]
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            pages.append((url, f"<!-- status {response.status_code} -->"))
            continue
        html = response.content.decode()
        pages.append((url, html))
        parser = _Text("")
        parser.feed(html)
        for href in parser.links:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver":
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PATHS):
                continue
            if (
                parts.path.lower().endswith(DOWNLOADS)
                or "download" in parts.path
                or "export" in parts.path
            ):
                continue
            if _pattern(path) not in seen:
                seen.add(_pattern(path))
                queue.append(path)
    return pages


_IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
_DOTTED = re.compile(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b")


def _technical_words(part: str) -> set[str]:
    """Identifiers, not words to translate: column names in a list of columns ("code,
    organisation, organisation_type, nrm_role", the header a file must carry) and the parts of
    dotted names ("case.view", an audit action)."""
    words = {w for match in _DOTTED.findall(part) for w in re.split(r"[._]", match)}
    if len(_IDENTIFIER.findall(part)) >= 2:
        items = re.split(r"[,;:()]", part)
        words |= {item.strip() for item in items if re.fullmatch(r"[a-z][a-z_]*", item.strip())}
    return words


def scan_pages(
    pages, *, language: str, role: str, vocabulary: set[str], result: ScanResult,
    data: list[str] = (), kept: set[str] = frozenset(),
):  # fmt: skip
    for url, html in pages:
        status = re.match(r"<!-- status (\d+) -->", html)
        if status:
            if int(status.group(1)) >= 500:
                result.errors.append((role, url, int(status.group(1))))
            continue
        parser = _Text(language)
        parser.feed(html)
        for part in parser.parts:
            flat = " ".join(part.split())
            if any(text in flat or flat in text for text in data if len(flat) >= 12):
                continue  # a text of the demo data
            technical = _technical_words(flat)
            for word in WORD.findall(part):
                if word.lower() in vocabulary and word not in technical and word not in kept:
                    context = " ".join(part.split())[:120]
                    result.findings.append(Finding(word, role, url, context))


def report(result: ScanResult, language: str) -> str:
    lines = [f"English interface words in the '{language}' pages:"]
    for word, findings in result.by_word().items():
        first = findings[0]
        lines.append(
            f"  {word}: {len(findings)}x, e.g. {first.role} {first.url}: «{first.context}»"
        )
    for role, url, status in result.errors:
        lines.append(f"  HTTP {status}: {role} {url}")
    return "\n".join(lines)

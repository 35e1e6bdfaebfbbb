"""The title and readable text of an archived body: HTML, text, JSON and (the title of) PDF.

Pure functions over bytes: no network, no database. HTML is read with the
standard library's html.parser: scripts, styles and page furniture (menus,
headers, footers, forms) are dropped; headings, paragraphs, list items,
quotes and table rows become lines. Images and other binary bodies have no
text.
"""

import codecs
import json
import re
from html.parser import HTMLParser

from factcheck.outbound_policy import media_type_of

MAX_TEXT_CHARS = 1_000_000
MAX_TITLE_CHARS = 500

_CHARSET_PARAM = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_PDF_TITLE = re.compile(rb"/Title\s*\(((?:\\.|[^\\)])*)\)")


# The encodings a page can be written in: those of the WHATWG Encoding Standard that browsers honour,
# as Python names them, plus UTF-32 and ASCII. A page may name any codec Python has ("zlib_codec",
# "idna", "rot13", "unicode_escape", "utf-7"): those are no page encodings, and fall back to UTF-8.
PAGE_ENCODINGS = frozenset(
    codecs.lookup(label).name
    for label in (
        "utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii",
        "ibm866", "iso-8859-1", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6",
        "iso-8859-7", "iso-8859-8", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15",
        "iso-8859-16", "koi8-r", "koi8-u", "mac-roman", "mac-cyrillic", "cp874",
        "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254",
        "windows-1255", "windows-1256", "windows-1257", "windows-1258", "gbk", "gb2312", "gb18030",
        "big5", "big5hkscs", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr", "cp949",
    )
)  # fmt: skip


def page_encoding(name: str | None) -> str | None:
    """The Python codec for a charset a page declares, when it is a page encoding; else None."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name not in PAGE_ENCODINGS:
        return None
    return info.name


def decode_text(body: bytes, content_type: str = "", *, sniff_html: bool = False) -> str:
    """Bytes to text: a byte-order mark first, then the header's charset, then <meta charset>, else UTF-8.

    Only page encodings (PAGE_ENCODINGS) are honoured: a charset naming
    another codec, or none Python knows, is read as UTF-8. Undecodable bytes
    become U+FFFD rather than an error; NUL characters (PostgreSQL text
    cannot hold them) are dropped. Used by archiving and by intake by URL.
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(codec, errors="replace").replace("\x00", "")
    match = _CHARSET_PARAM.search(content_type or "")
    codec = page_encoding(match.group(1)) if match else None
    if codec is None and sniff_html:
        meta = _META_CHARSET.search(body[:4096])
        codec = page_encoding(meta.group(1).decode("ascii", "ignore")) if meta else None
    try:
        text = body.decode(codec or "utf-8", errors="replace")
    except (LookupError, UnicodeError):  # an encoding that refuses errors="replace": read as UTF-8
        text = body.decode("utf-8", errors="replace")
    return text.replace("\x00", "")


def _tidy(text: str) -> str:
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class _ReadableText(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form"}
    BLOCKS = {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
        "article", "section", "main", "table", "ul", "ol", "dl", "dt", "dd", "figcaption", "hr",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping: list[str] = []
        self.in_title = False
        self.in_h1 = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.meta_title = ""
        self.parts: list[str] = []
        # What stands inside <article>: a news page's story without its teasers and related links.
        self.article_depth = 0
        self.article_parts: list[str] = []

    def _add(self, text: str) -> None:
        self.parts.append(text)
        if self.article_depth:
            self.article_parts.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
            return
        if tag == "meta":
            values = dict(attrs)
            if (values.get("property") or values.get("name") or "").lower() in ("og:title", "twitter:title"):
                self.meta_title = self.meta_title or (values.get("content") or "")
            return
        if tag in self.SKIP:
            self.skipping.append(tag)
            return
        if tag == "h1":
            self.in_h1 = True
        if tag == "article":
            self.article_depth += 1
        if tag in self.BLOCKS:
            self._add("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.SKIP and self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in self.BLOCKS:
            self._add("\n")
        if tag == "article" and self.article_depth:
            self.article_depth -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skipping:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self._add(data)

    @property
    def title(self) -> str:
        for candidate in ("".join(self.title_parts), self.meta_title, "".join(self.h1_parts)):
            candidate = " ".join(candidate.split())
            if candidate:
                return candidate
        return ""


def _read(html: str) -> _ReadableText:
    parser = _ReadableText()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser gives up on some broken markup; keep what it read
        pass
    return parser


def html_title_and_text(html: str) -> tuple[str, str]:
    """The page's title (<title>, else og:title, else the first h1) and its readable text."""
    parser = _read(html)
    return parser.title, _tidy("".join(parser.parts))


def html_title_and_blocks(html: str, *, prefer_article: bool = False) -> tuple[str, list[str]]:
    """The page's title and its readable text as blocks (paragraphs, headings, list items, quotes);
    with `prefer_article`, only what stands inside <article> when the page has one with text."""
    parser = _read(html)
    parts = parser.parts
    if prefer_article and "".join(parser.article_parts).strip():
        parts = parser.article_parts
    return parser.title, [line for line in _tidy("".join(parts)).split("\n") if line]


def _pdf_title(body: bytes) -> str:
    match = _PDF_TITLE.search(body[:65536]) or _PDF_TITLE.search(body[-65536:])
    if not match:
        return ""
    raw = re.sub(rb"\\([()\\])", rb"\1", match.group(1))
    if raw.startswith(codecs.BOM_UTF16_BE):
        return raw.decode("utf-16", errors="replace")
    return raw.decode("latin-1")


def title_and_text(body: bytes, content_type: str) -> tuple[str, str]:
    """What a person reads in an archived body: (title, text), both possibly empty.

    HTML gives its title and readable text; other text and JSON give their
    text (JSON indented); PDF gives the title in its metadata; images give nothing.
    """
    media = media_type_of(content_type)
    if media in ("text/html", "application/xhtml+xml") or (not media and body.lstrip()[:1] == b"<"):
        title, text = html_title_and_text(decode_text(body, content_type, sniff_html=True))
    elif media == "application/json" or media.endswith("+json"):
        text = decode_text(body, content_type)
        try:
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
        except ValueError:
            pass
        title = ""
    elif media.startswith("text/"):
        title, text = "", _tidy(decode_text(body, content_type))
    elif media == "application/pdf":
        title, text = _pdf_title(body), ""
    else:
        title, text = "", ""
    title = " ".join(title.replace("\x00", "").split())[:MAX_TITLE_CHARS]
    return title, text[:MAX_TEXT_CHARS]

"""Search that forgives: the query the desk's claim search and the public fact-check search share.

Rules, in what a searcher sees:
- Web-search syntax, as before: words (all must match), "quoted phrases" (exactly, in order),
  `or` between two words or phrases, `-word` or `-"phrase"` to exclude.
- Word forms match: English stemming (Postgres' `english` configuration) makes "rider" and "riders"
  one word, and a word of five letters or more also matches the words its stem begins: "riders"
  finds "ridership" (`rider:*`). Shorter words match their own forms only ("bus" must not find
  "business"). Phrases and excluded words are never widened.
- One typo matches: a word of four letters or more that no word of the corpus begins with is also
  looked up among the words of the searched text (the vocabulary, `SearchWord`, filled by the search
  triggers) one edit away: its edit-distance-1 spellings (a letter dropped, added, changed, or two
  swapped) are made here and looked up on the vocabulary's primary key, which needs no extension.
  Where pg_trgm is used and no word is one edit away, the closest words by trigram similarity
  (at least 0.45, over a trigram index) are taken instead: two typos in a long word.
  `settings.SEARCH_TYPOS` picks: auto (pg_trgm where the server has it), trigram, vocabulary or
  none. At most three corrections per word, and at most MAX_FORGIVEN_WORDS words per query.
- The whole query is one SQL expression evaluated once per query (a scalar subquery), so searching
  costs no query more than listing.
"""

import re
import string

from django.conf import settings
from django.contrib.postgres.search import SearchQueryField
from django.db.models import BooleanField, Expression, Func

PREFIX_MIN_LENGTH = 5  # "rider:*" yes, "bus:*" (business) no
TYPO_MIN_LENGTH = 4
TYPO_MAX_LENGTH = 30
MAX_FORGIVEN_WORDS = 8
TYPO_PATHS = ("auto", "trigram", "vocabulary", "none")

# A token: an optionally excluded "phrase" (an unclosed quote runs to the end), or a run of non-spaces.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\S+)')
_WORD = re.compile(r"[^\W_]+")


def edit_distance_one(word: str) -> list[str]:
    """Every spelling one edit away from `word`: a letter dropped, swapped with the next, changed or
    added (letters a-z and the word's own, so accented words are forgiven too)."""
    letters = sorted(set(string.ascii_lowercase) | set(word))
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    found |= {left + letter + right[1:] for left, right in splits if right for letter in letters}
    found |= {left + letter + right for left, right in splits for letter in letters}
    found.discard(word)
    return sorted(found)


def _quoted(word: str) -> str:
    """A word as a tsquery operand; `word` holds letters and digits only, so quoting is all it needs."""
    return f"'{word}'"


class ForgivingQuery(Expression):
    """The tsquery of a search text (see the module's rules), as `(SELECT <tsquery>)`."""

    output_field = SearchQueryField()

    def __init__(self, text: str, *, typos: str | None = None):
        super().__init__()
        self.text = text
        self.typos = typos or settings.SEARCH_TYPOS
        if self.typos not in TYPO_PATHS:
            raise ValueError(f"typos must be one of {TYPO_PATHS}")

    def __repr__(self) -> str:
        return f"ForgivingQuery({self.text!r}, typos={self.typos!r})"

    def _terms(self):
        """(sql, params) per term, in order, with "or" kept as the string "or"."""
        forgiven = 0
        for match in _TOKEN.finditer(self.text):
            excluded = bool(match.group(1) or match.group(3))
            if match.group(2) is not None:
                yield self._phrase(match.group(2), excluded=excluded)
                continue
            token = match.group(4)
            if token.lower() == "or" and not excluded:
                yield "or"
                continue
            words = _WORD.findall(token.lower())
            if not words:
                continue
            if len(words) > 1:  # "covid-19", "lutnick-smith": the parts in order, as websearch does
                yield self._phrase(token, excluded=excluded)
            elif excluded:
                yield "!! to_tsquery('english', %s)", [_quoted(words[0])]
            else:
                word = words[0]
                forgivable = (
                    self.typos != "none"
                    and word.isalpha()
                    and TYPO_MIN_LENGTH <= len(word) <= TYPO_MAX_LENGTH
                    and forgiven < MAX_FORGIVEN_WORDS
                )
                forgiven += forgivable
                candidates = edit_distance_one(word) if forgivable else []
                yield (
                    "claims_search_term(%s, %s, %s::text[], %s)",
                    [
                        word,
                        word.isalpha() and len(word) >= PREFIX_MIN_LENGTH,
                        candidates,
                        self.typos if forgivable else "none",
                    ],
                )

    @staticmethod
    def _phrase(text: str, *, excluded: bool):
        return ("!! " if excluded else "") + "phraseto_tsquery('english', %s)", [text]

    def as_sql(self, compiler, connection):
        # Group terms: "a b or c" is a AND (b OR c), as websearch_to_tsquery reads it.
        groups: list[list[tuple[str, list]]] = []
        joined = False
        for term in self._terms():
            if term == "or":
                joined = bool(groups)
                continue
            if joined:
                groups[-1].append(term)
            else:
                groups.append([term])
            joined = False
        if not groups:
            return "(SELECT ''::tsquery)", []
        sql_groups, params = [], []
        for group in groups:
            sql_groups.append("(" + " || ".join(f"({sql})" for sql, _ in group) + ")")
            for _, term_params in group:
                params.extend(term_params)
        return f"(SELECT {' && '.join(sql_groups)})", params


class Matches(Func):
    """`vector @@ query`: a condition a queryset can filter on."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()
    conditional = True


def search_typos_path() -> str:
    """Which way `auto` corrects typos on this database: "trigram" where pg_trgm is installed, else
    "vocabulary". One query (the search itself decides inside its own)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
        return "trigram" if cursor.fetchone()[0] else "vocabulary"

"""Intake (claims.intake.extraction): the title a text gives a speaker ("Commerce Secretary Howard
Lutnick"; "Howard Lutnick, the U.S. Secretary of Commerce").
"""

import bisect
import functools
import re

from claims.intake.patterns import HONORIFICS, ORG_NOUNS, TITLE_MODIFIERS, TITLE_NOUNS
from claims.intake.sentences import _NOT_SPACE

# --- Titles: what the text calls a speaker -------------------------------------------------

_TITLE_STOPS = frozenset("the a an its his her their by with and of to said".split())
_TITLE_OPENERS = frozenset("but and so yet also meanwhile".split())
_TITLE_WORD = re.compile(r"[\w'’.&-]+")
_POSSESSIVE = ("'", "'s", "’", "’s")
_DOTTED_CAPITALS = re.compile(r"(?:[A-Z]\.)+")
# No title runs longer: beyond it a run of capitalised words is a headline or noise, and reading it
# back from every name in it would make a text of them quadratic.
_TITLE_MAX_WORDS = 20
_LONGEST_LISTED_WORD = max(map(len, TITLE_NOUNS | TITLE_MODIFIERS | _TITLE_STOPS | _TITLE_OPENERS))


def _title_word(token: str) -> tuple[bool, bool, bool]:
    """One word before a name: (may belong to a title, is a title word, is a sentence opener)."""
    lowered = token.lower()
    is_title = lowered in TITLE_NOUNS or lowered.rstrip(".") + "." in TITLE_NOUNS
    is_opener = lowered in _TITLE_OPENERS
    if lowered in _TITLE_STOPS:
        return False, is_title, is_opener
    is_modifier = lowered in TITLE_MODIFIERS or token[:1].isupper() or lowered.endswith(_POSSESSIVE)
    fits = is_title or is_modifier
    if fits and token.isupper() and len(token) > 3 and not is_title and not _DOTTED_CAPITALS.fullmatch(token):
        fits = False  # a dateline, not a title ("U.S." and "U.K." are modifiers, though)
    return fits, is_title, is_opener


class _TitleWords:
    """A sentence's words, read once, so the title before each of its names costs only a lookup.

    For each word: whether it may belong to a title, whether it is a title word, whether it opens a
    sentence; the first word of the unbroken run of title-like words it ends; the last title word up to it;
    the first word from it on that is not an opener.
    """

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.starts, self.ends, self.fits, self.titles, self.openers = [], [], [], [], []
        self.run_start, self.last_title = [], []
        self._upper_at: dict[int, tuple[int, int]] = {}
        for i, word in enumerate(_TITLE_WORD.finditer(sentence)):
            fits, is_title, is_opener = _title_word(word.group(0))
            joined = i > 0 and self.fits[i - 1]
            joined = joined and not _NOT_SPACE.search(sentence, self.ends[i - 1], word.start())
            self.starts.append(word.start())
            self.ends.append(word.end())
            self.fits.append(fits)
            self.titles.append(is_title)
            self.openers.append(is_opener)
            self.run_start.append(self.run_start[i - 1] if joined else i)
            self.last_title.append(i if is_title else (self.last_title[i - 1] if i else -1))
        self.next_plain = [len(self.starts)] * (len(self.starts) + 1)
        for i in range(len(self.starts) - 1, -1, -1):
            self.next_plain[i] = self.next_plain[i + 1] if self.openers[i] else i

    def cut(self, i: int, end: int) -> tuple[bool, bool, bool]:
        """`_title_word` of word i cut short at `end` (a name starts inside the word), without copying it."""
        start = self.starts[i]
        if end - start <= _LONGEST_LISTED_WORD + 48 or self.sentence.endswith("." * 40, start, end):
            return _title_word(self.sentence[start:end])
        # Longer than any listed word, even less its final dots: only its case and its last letters count.
        first_cased_lower, first_upper = self._cases(i)
        is_modifier = self.sentence[start].isupper() or self.sentence[end - 2 : end].lower().endswith(
            _POSSESSIVE
        )
        is_upper = first_cased_lower >= end and first_upper < end
        if is_modifier and is_upper and not _DOTTED_CAPITALS.fullmatch(self.sentence, start, end):
            is_modifier = False
        return is_modifier, False, False

    def _cases(self, i: int) -> tuple[int, int]:
        """Where word i first has a lowercase or titlecase letter, and an uppercase one (for str.isupper)."""
        if i not in self._upper_at:
            lower_at = upper_at = self.ends[i]
            for at in range(self.starts[i], self.ends[i]):
                char = self.sentence[at]
                if upper_at == self.ends[i] and char.isupper():
                    upper_at = at
                if char.islower() or (char.istitle() and not char.isupper()):
                    lower_at = at
                    break
            self._upper_at[i] = (lower_at, upper_at)
        return self._upper_at[i]


@functools.lru_cache(maxsize=8)
def _title_words(sentence: str) -> _TitleWords:
    return _TitleWords(sentence)


def _title_before(sentence: str, name_start: int) -> str:
    """The title words right before a name: "Commerce Secretary", "Farmers' union leader".

    Read back from the name over capitalised words, title words and modifiers with only spaces
    between, at most _TITLE_MAX_WORDS of them; it ends at the last title word and never starts with a
    stray sentence opener.
    """
    words = _title_words(sentence)
    last = bisect.bisect_left(words.starts, name_start) - 1  # the last word that starts before the name
    if last < 0:
        return ""
    if words.ends[last] <= name_start:
        if _NOT_SPACE.search(sentence, words.ends[last], name_start):  # punctuation between: no title
            return ""
        last_end, (fits, is_title, is_opener) = (
            words.ends[last],
            (
                words.fits[last],
                words.titles[last],
                words.openers[last],
            ),
        )
    else:
        last_end, (fits, is_title, is_opener) = name_start, words.cut(last, name_start)
    if not fits:
        return ""
    joined = last > 0 and words.fits[last - 1] and words.run_start[last] != last
    first = max(words.run_start[last - 1] if joined else last, last - _TITLE_MAX_WORDS + 1)
    final = last if is_title else (words.last_title[last - 1] if last > 0 else -1)
    if final < first:
        return ""
    opening = words.next_plain[first]
    if opening >= last:
        opening = last if not is_opener else last + 1
    if opening > final:
        return ""
    return sentence[words.starts[opening] : last_end if final == last else words.ends[final]]


def _is_title_word(token: str) -> bool:
    lowered = token.lower()
    return lowered in TITLE_NOUNS or lowered.rstrip(".") + "." in TITLE_NOUNS


def _describes(phrase: str) -> bool:
    """Whether an appositive describes a role ("the U.S. Secretary of Commerce", "an economist at X")."""
    lowered = phrase.lower()
    if re.match(r"^(?:who|which|whose|where|when|in|on|at|as|after|before|said|says)\b", lowered):
        return False
    if len(lowered.split()) > 12:
        return False
    words = set(re.findall(r"[\w.'’-]+", lowered))
    return bool(words & (TITLE_NOUNS | ORG_NOUNS)) or " of " in f" {lowered} "


def _strip_article(phrase: str) -> str:
    return re.sub(r"^(?:the|a|an|its|his|her|their)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def _split_title(name: str) -> tuple[str, str]:
    """ "Police Chief Angela Brooks" -> ("Police Chief", "Angela Brooks"); honorifics go too."""
    tokens = name.split()
    last_title = -1
    for i, token in enumerate(tokens[:-1]):
        if _is_title_word(token) or token.lower() in HONORIFICS:
            last_title = i
    if last_title < 0:
        return "", name
    title = " ".join(t for t in tokens[: last_title + 1] if t.lower() not in HONORIFICS)
    return title, " ".join(tokens[last_title + 1 :])

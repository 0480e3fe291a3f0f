"""Language of a buyer's message: an ISO 639-1 code, or a fallback when unsure.

The statistical part is py3langid (a naive-Bayes byte n-gram model shipped inside the
wheel: offline, no download at run time, no randomness, so the same text always gives
the same answer).  Its model is loaded lazily on the first call (~1 s), then one call
costs a few hundredths of a millisecond.

On top of it, rules that a statistical detector gets wrong on short texts:

* kana (hiragana/katakana) make a text Japanese; Chinese never uses them;
* text made only of Han characters is ambiguous between Chinese and Japanese when short;
* too little text, or a low-confidence answer, gives the fallback (the marketplace's
  language, say), and so does a near tie in which the fallback is a close second.

Only the first ``SAMPLE_CHARS`` characters (after removing URLs, e-mail addresses,
order ids and numbers) are looked at, which keeps the cost flat for long messages.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Iterable

# Languages the detector may answer: the marketplaces' languages plus a few that buyers
# commonly write in.  A small closed set makes short texts far more reliable.
LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "it", "es", "pt", "nl", "sv", "pl", "tr", "ar", "ja", "zh", "ko",
    "ru", "hi",
)

# The default language of each Amazon marketplace (country code, as in OrderRecord).
# Bilingual marketplaces: CA -> en (fr is the second language), BE -> fr (nl second),
# AE -> en (ar second), IN -> en.
LANGUAGE_OF_MARKETPLACE: dict[str, str] = {
    "US": "en", "UK": "en", "GB": "en", "CA": "en", "AU": "en", "SG": "en", "IN": "en",
    "IE": "en", "AE": "en", "ZA": "en",
    "DE": "de",
    "FR": "fr", "BE": "fr",
    "IT": "it",
    "ES": "es", "MX": "es",
    "JP": "ja",
    "BR": "pt",
    "NL": "nl",
    "SE": "sv",
    "PL": "pl",
    "TR": "tr",
    "SA": "ar", "EG": "ar",
}

SAMPLE_CHARS = 300          # characters of cleaned text given to the model
MIN_LETTERS = 10            # fewer letters than this (alphabetic scripts): fallback
MIN_WORDS = 2               # fewer words than this (alphabetic scripts): fallback
MIN_HAN_ONLY = 8            # Han-only text shorter than this: fallback (ja/zh ambiguous)
MIN_CONFIDENCE = 0.70       # below this the model's answer is not trusted
NEAR_TIE = 0.90             # below this, a fallback that is a close second wins
FALLBACK_SECOND = 0.10      # ... when it has at least this probability

# URLs, e-mail addresses, Amazon tokens, numbers (order ids, dates, prices).  Every
# alternative starts at a fixed prefix or a word start, so the scan stays linear even on
# long runs without spaces (CJK text).
_NOISE_RE = re.compile(
    r"https?://\S+|www\.\S+|(?<!\S)[^\s@]+@\S+|\[commMgrTok:[^\]]*\]|[0-9]+(?:[-./:][0-9]+)*",
    re.IGNORECASE,
)
_KANA_RE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9d]")
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HANGUL_RE = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_WORD_RE = re.compile(r"[^\W\d_]{2,}")

_lock = threading.Lock()
_identifier: Any = None


def _model() -> Any:
    """The py3langid identifier, restricted to LANGUAGES (loaded once, thread-safe)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import (
                    MODEL_FILE,
                    LanguageIdentifier,
                )

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages(list(LANGUAGES))
                _identifier = ident
    return _identifier


def _clean_sample(text: str) -> str:
    sample = text[: SAMPLE_CHARS * 2]
    sample = _NOISE_RE.sub(" ", sample)
    sample = " ".join(sample.split())
    return sample[:SAMPLE_CHARS]


def detect_language(text: str, fallback: str | None) -> str | None:
    """ISO 639-1 code of ``text`` (one of LANGUAGES), or ``fallback`` when unsure.

    Deterministic. Japanese text with kana is always ``"ja"``; very short or ambiguous
    text gives ``fallback``.
    """
    if not text:
        return fallback
    return _detect_sample(_clean_sample(text), fallback)


def detect_languages(items: Iterable[tuple[str, str | None]]) -> list[str | None]:
    """``[detect_language(text, fallback) for text, fallback in items]``, for a batch (an
    import): the answer depends only on the cleaned sample and the fallback, so a sample seen
    before in the batch (the same template with another order number, say) is not scored again."""
    seen: dict[tuple[str, str | None], str | None] = {}
    out: list[str | None] = []
    for text, fallback in items:
        if not text:
            out.append(fallback)
            continue
        key = (_clean_sample(text), fallback)
        if key in seen:
            out.append(seen[key])
        else:
            out.append(seen.setdefault(key, _detect_sample(key[0], fallback)))
    return out


def _detect_sample(sample: str, fallback: str | None) -> str | None:
    if not sample:
        return fallback

    words = _WORD_RE.findall(sample)
    letters = sum(map(len, words))         # letters in words of 2+ letters (CJK runs too)
    if not sample.isascii():
        kana = len(_KANA_RE.findall(sample))
        han = len(_HAN_RE.findall(sample))
        hangul = len(_HANGUL_RE.findall(sample))
        cjk = kana + han + hangul
        # One CJK character carries about as much as a short word: weigh it x3 against
        # the letters of alphabetic scripts to decide which script the text is in.
        if cjk and cjk * 3 >= letters - cjk:
            if kana and kana >= hangul:
                return "ja"
            if hangul > han:
                return "ko"
            if han < MIN_HAN_ONLY:
                return fallback
            # Han only, no kana: almost always Chinese; the model decides between the two.
            return _classify(sample, fallback, allowed=("zh", "ja"))

    if letters < MIN_LETTERS or len(words) < MIN_WORDS:
        return fallback
    return _classify(sample, fallback, allowed=None)


def _classify(sample: str, fallback: str | None, allowed: tuple[str, ...] | None) -> str | None:
    ranking: list[tuple[str, float]] = _model().rank(sample)
    if allowed is not None:
        ranking = [(lang, p) for lang, p in ranking if lang in allowed]
        total = sum(p for _, p in ranking) or 1.0
        ranking = [(lang, p / total) for lang, p in ranking]
    if not ranking:
        return fallback
    best, best_p = ranking[0]
    if best_p < MIN_CONFIDENCE:
        return fallback
    if fallback is not None and fallback != best and best_p < NEAR_TIE:
        second = dict(ranking).get(fallback, 0.0)
        if second >= FALLBACK_SECOND:
            return fallback
    return best

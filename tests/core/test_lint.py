"""The message linter (warroom.lint): every rule, positions, invisible
characters, disguises, false positives, template masking, allowlist, rule data
and the corpora."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warroom.lint import (
    Finding,
    LintResult,
    LintRule,
    RuleError,
    format_finding_line,
    lint_template,
    lint_text,
    load_seed_rules,
    make_user_rule,
    mask_template,
    parse_rules,
    unicode_version,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "lint"
LANGS = ("en", "de", "fr", "it", "es", "ja", "zh")


def rules_of(text: str, **kw) -> set[str]:
    return lint_text(text, **kw).rules()


def only(text: str, rule: str, **kw) -> list[Finding]:
    return [f for f in lint_text(text, **kw).findings if f.rule == rule]


# --- the seed rules ---------------------------------------------------------------


def test_seed_rules_load_with_ids_kinds_and_explanations() -> None:
    rules = load_seed_rules()
    ids = {r.id for r in rules}
    assert {
        "ACCOUNT-STATUS",
        "ACCOUNT-RELATED",
        "FAULT-ADMISSION",
        "REVIEW-REQUEST",
        "REVIEW-CHANGE",
        "INCENTIVE",
        "MARKETING",
        "OFF-PLATFORM-CONTACT",
        "LINK-HTTP",
        "LINK-DOMAIN",
        "EMAIL",
        "PHONE",
        "EMOJI",
        "HTML",
        "LENGTH",
        "PLACEHOLDER",
        "INVISIBLE-CHARACTER",
        "MIXED-SCRIPT",
    } <= ids
    for r in rules:
        assert isinstance(r, LintRule)
        assert r.explanation and "\n" not in r.explanation
        assert r.enabled
    acc = next(r for r in rules if r.id == "ACCOUNT-STATUS")
    assert set(acc.languages) == set(LANGS)
    assert acc.subjects and acc.states and acc.window > 0


def test_rule_round_trips_through_dict() -> None:
    for r in load_seed_rules():
        again = LintRule.from_dict(json.loads(json.dumps(r.to_dict())))
        assert again == r


def test_malformed_rules_are_refused() -> None:
    with pytest.raises(RuleError):
        LintRule(id="X", kind="nonsense", explanation="x")
    with pytest.raises(RuleError):
        LintRule(id="X", kind="phrase", explanation="x")  # no pattern
    with pytest.raises(RuleError):
        LintRule(id="X", kind="phrase", explanation="", patterns=("abc",))
    with pytest.raises(RuleError):
        parse_rules({"format": 1, "rules": [{"id": "A", "kind": "phrase", "patterns": ["abc"]}]})  # no explanation
    with pytest.raises(RuleError):
        parse_rules({"format": 1, "rules": [{"id": "A", "kind": "email", "explanation": "x"}] * 2})  # duplicate id
    with pytest.raises(RuleError):
        parse_rules({"format": 99, "rules": []})


def test_result_reports_unicode_version_of_the_data() -> None:
    res = lint_text("hello")
    assert isinstance(res, LintResult)
    assert res.unicode_version == unicode_version()
    major = int(res.unicode_version.split(".")[0])
    assert major >= 16  # newer than the Python 3.11 stdlib's Unicode 14
    assert res.to_dict() == {"unicode_version": res.unicode_version, "findings": []}


# --- the account ----------------------------------------------------------------------

ACCOUNT_STATEMENTS = {
    "en": [
        "Because our account is locked we cannot refund you.",
        "Our seller account has been deactivated.",
        "The store is closed by Amazon.",
        "Our account is under review.",
        "Our account is under investigation.",
        "Suspension of our account delays refunds.",
        "Our selling privileges were removed.",
        "We have been suspended by Amazon.",
        "Our shop is banned.",
        "Seller Central is locked.",
    ],
    "de": ["Unser Konto ist gesperrt.", "Unser Verkäuferkonto wurde deaktiviert.", "Wegen der Sperrung unseres Kontos."],
    "fr": ["Notre compte est suspendu.", "Notre boutique est fermée.", "La désactivation de notre compte."],
    "it": ["Il nostro account è sospeso.", "Il nostro negozio è stato chiuso.", "L'account è sotto indagine."],
    "es": ["Nuestra cuenta está suspendida.", "Nuestra tienda fue cerrada.", "La cuenta está bajo investigación."],
    "ja": ["アカウントが停止されています。", "ストアが閉鎖されました。", "アカウントは審査中です。"],
    "zh": ["我们的账户被封了。", "店铺被冻结。", "账号正在审核中。"],
}


@pytest.mark.parametrize(
    "text", [t for ts in ACCOUNT_STATEMENTS.values() for t in ts], ids=lambda t: t[:30]
)
def test_statements_about_the_account_are_found(text: str) -> None:
    assert "ACCOUNT-STATUS" in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Amazon's related accounts policy",
        "verknüpfte Konten",
        "comptes associés",
        "account collegati",
        "cuentas relacionadas",
        "関連アカウント",
        "关联账户",
        "We are preparing a plan of action.",
    ],
)
def test_related_accounts_and_appeal_vocabulary(text: str) -> None:
    assert "ACCOUNT-RELATED" in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        # innocent uses of the same words: not statements about the account
        "Your refund is under review.",
        "We reviewed the photos you sent.",
        "The parcel is held in customs.",
        "Please log in to your account to print the label.",
        "If your Amazon account is locked, Amazon's customer service can help.",
        "The refund goes to your bank account; the case is closed.",
        "Your payment was blocked by your bank.",
        "The suitcase lock is locked with the code 000.",
        "Please store the item in a dry place.",
        "Our store hours are 9 to 5.",
        "Ihre Erstattung wird geprüft; der Betrag wird Ihrem Konto gutgeschrieben.",
        "Nous avons tenu compte de votre remarque ; le dossier est clôturé.",
        "Tenga en cuenta que su reembolso está en revisión.",
        "Ci rendiamo conto del disagio; il reso è chiuso.",
        "お客様のアカウントでご確認ください。返品の審査は完了しました。",
        "您的退款正在审核中，款项将退回您的账户。",
    ],
)
def test_innocent_uses_of_account_words_pass(text: str) -> None:
    assert lint_text(text).findings == ()


def test_account_subject_and_state_must_be_close_and_in_one_sentence() -> None:
    assert "ACCOUNT-STATUS" not in rules_of("Our account manager wrote to us. The parcel was blocked at customs.")
    far = "Our account team, which handles all of the many different European marketplaces for us, was suspended."
    assert "ACCOUNT-STATUS" not in rules_of(far)
    assert "ACCOUNT-STATUS" in rules_of("Our account, sadly, was suspended.")


# --- fault ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "It was our fault.",
        "We violated Amazon's policy.",
        "This was our mistake.",
        "We made an error when packing.",
        "Das war unsere Schuld.",
        "C'est notre faute.",
        "È colpa nostra.",
        "Fue nuestra culpa.",
        "弊社の過失です。",
        "是我们的错。",
    ],
)
def test_admissions_of_fault(text: str) -> None:
    assert "FAULT-ADMISSION" in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "We apologise for the delay.",
        "We apologize for the delay.",
        "Sorry for the inconvenience.",
        "We are sorry that the item arrived damaged.",
        "The router uses the default settings.",
        "The candle is faultless otherwise.",
        "There was an error in the address label.",
        "Wir entschuldigen uns für die Verzögerung.",
        "Nous nous excusons pour le retard.",
        "Ci scusiamo per il ritardo.",
        "Disculpe las molestias.",
        "ご迷惑をおかけして申し訳ございません。",
        "给您带来不便，深表歉意。",
    ],
)
def test_ordinary_apologies_pass(text: str) -> None:
    assert lint_text(text).findings == ()


# --- Amazon's messaging rules ---------------------------------------------------------


def test_links() -> None:
    assert [f.matched for f in only("see http://example.com/help now", "LINK-HTTP")] == ["http://example.com/help"]
    f = only("manual: https://www.brand.example/manual.pdf.", "LINK-DOMAIN")
    assert [x.matched for x in f] == ["https://www.brand.example/manual.pdf"]
    assert only("see www.brand.example for more", "LINK-DOMAIN")
    assert not only("https://www.dhl.de/en/track?x=1", "LINK-DOMAIN", allowlist=["dhl.de"])
    # an http link is a finding even to an allowlisted domain
    assert only("http://www.dhl.de/track", "LINK-HTTP", allowlist=["dhl.de"])
    # fullwidth and zero-width disguises of a link
    assert only("ｈｔｔｐ://example.com", "LINK-HTTP")
    assert only("https://ex\u200bample.com/x", "LINK-DOMAIN")


def test_emails_and_phones_with_allowlist() -> None:
    text = "Write to help@brand.example or warranty@maker.example, or call +44 20 7946 0958 or 0800 123 4567."
    emails = [f.matched for f in only(text, "EMAIL")]
    assert emails == ["help@brand.example", "warranty@maker.example"]
    phones = [f.matched for f in only(text, "PHONE")]
    assert phones == ["+44 20 7946 0958", "0800 123 4567"]
    allow = ["warranty@maker.example", "+44 (0)20 7946 0958", "08001234567"]
    assert [f.matched for f in only(text, "EMAIL", allowlist=allow)] == ["help@brand.example"]
    assert only(text, "PHONE", allowlist=allow) == []
    assert only("mail any of us at a@maker.example", "EMAIL", allowlist=["@maker.example"]) == []
    assert only("mail help [at] brand [dot] com", "EMAIL")


def test_an_address_ends_where_its_sentence_does() -> None:
    # "a@b.com. Thanks" once matched "a@b.com. Thanks" (the sentence's full stop taken for a dot in the
    # domain), so the allowlist never matched and the finding quoted the next word
    assert [f.matched for f in only("Write to help@brand.example. Thanks!", "EMAIL")] == ["help@brand.example"]
    assert only("Write to warranty@maker.example. Thanks!", "EMAIL", allowlist=["warranty@maker.example"]) == []
    # an address spread out on purpose is still one address
    assert [f.matched for f in only("mail bob @ shop . com now", "EMAIL")] == ["bob @ shop . com"]


@pytest.mark.parametrize(
    "text",
    [
        "Order 305-1234567-7654321 was shipped on 12.03.2024.",
        "Tracking: 1Z999AA10123456784, delivered 2024-03-12 at 09:15.",
        "The refund of 1.234,56 EUR was issued; reference 00340434161234567890.",
        "Hours: 9:00-17:00, Monday to Friday.",
        "The jacket measures 104 cm in size M.",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert only(text, "PHONE") == []


@pytest.mark.parametrize(
    "text,rule",
    [
        ("Please leave us a positive review!", "REVIEW-REQUEST"),
        ("We'd love a 5-star rating.", "REVIEW-REQUEST"),
        ("Bitte hinterlassen Sie eine positive Bewertung.", "REVIEW-REQUEST"),
        ("ご満足いただけましたら高評価をお願いします。", "REVIEW-REQUEST"),
        ("请给我们好评。", "REVIEW-REQUEST"),
        ("Could you please remove your negative feedback?", "REVIEW-CHANGE"),
        ("Pourriez-vous supprimer votre avis négatif ?", "REVIEW-CHANGE"),
        ("We will send you a gift card if you leave a review.", "INCENTIVE"),
        ("A free product in exchange for your review.", "INCENTIVE"),
        ("Le regaliamo un buono per una recensione.", "INCENTIVE"),
        ("Use coupon code SAVE10 on your next order.", "MARKETING"),
        ("Subscribe to our newsletter!", "MARKETING"),
        ("Suscríbase a nuestro boletín.", "MARKETING"),
        ("Add us on WhatsApp.", "OFF-PLATFORM-CONTACT"),
        ("请加我们的微信。", "OFF-PLATFORM-CONTACT"),
    ],
)
def test_review_incentive_marketing_and_contact_rules(text: str, rule: str) -> None:
    assert rule in rules_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for your feedback about the packaging; we will send a free replacement.",
        "Thank you for your review of the kettle.",
        "Free returns are available within 30 days.",
        "We reviewed the return and issued the refund.",
        "We offer a 10% partial refund as an apology for the scratch.",
    ],
)
def test_review_words_without_a_request_pass(text: str) -> None:
    assert lint_text(text).findings == ()


def test_emoji_html_and_length() -> None:
    f = only("Thanks 👍🏽 and ❤️ and 🇩🇪!", "EMOJI")
    assert [x.matched for x in f] == ["👍🏽", "❤️", "🇩🇪"]
    assert only("Amazon® and ™ and © are not emojis", "EMOJI") == []
    assert [x.matched for x in only("Hi<br>there &amp; <a href='x'>y</a>", "HTML")] == ["<br>", "&amp;", "<a href='x'>", "</a>"]
    assert only("a < b and c > d", "HTML") == []
    ok = "a" * 2000
    assert only(ok, "LENGTH") == []
    long = ok + "bcdef"
    (f1,) = only(long, "LENGTH")
    assert (f1.line, f1.column, f1.matched) == (1, 2001, "bcdef")
    assert "2005 characters" in f1.explanation


# --- leftovers and templates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "leftover",
    ["[Order Number]", "{{ buyer_name }}", "{% if gift %}", "{buyer_name}", "[Bestellnummer]", "<<NAME>>", "%ORDER_ID%", "____"],
)
def test_leftover_placeholders_in_rendered_text(leftover: str) -> None:
    text = f"Hello, your order {leftover} has shipped."
    f = only(text, "PLACEHOLDER")
    assert [x.matched for x in f] == [leftover]
    assert only(text, "PLACEHOLDER", rendered=False) == []


def test_template_masks_jinja_but_still_checks_its_text() -> None:
    body = "Dear {{ buyer_name }},\nyour order {{ order_id }} {% if late %}is late{% endif %}.\n{# note #}"
    assert lint_template(body).findings == ()
    assert mask_template(body).count("\n") == body.count("\n")
    assert len(mask_template(body)) == len(body)
    # the same body as rendered text: leftovers
    assert "PLACEHOLDER" in lint_text(body).rules()
    # forbidden text in a template is still found, at its place in the body
    body2 = "Dear {{ name }},\nunfortunately our account is {{ adverb }} suspended."
    (f,) = lint_template(body2).findings
    assert f.rule == "ACCOUNT-STATUS"
    assert (f.line, f.column) == (2, 19)
    assert f.matched == "account is {{ adverb }} suspended"
    # string literals inside tags are rendered, so they are checked
    assert "ACCOUNT-STATUS" in lint_template('{{ "our account is blocked" if x }}').rules()
    # a placeholder splitting a word does not hide it
    assert "ACCOUNT-STATUS" in lint_template("our account is sus{{ x }}pended").rules()


# --- positions ------------------------------------------------------------------------------


def test_positions_are_one_based_lines_and_code_point_columns() -> None:
    text = "Hello 😀 there,\n\n𝐀 note: our account is blocked.\nBye"
    (f,) = lint_text(text).findings[1:2] or [None]  # EMOJI first, then ACCOUNT-STATUS
    assert f is not None and f.rule == "ACCOUNT-STATUS"
    assert (f.line, f.column) == (3, 13)  # 𝐀 is one code point
    assert f.matched == "account is blocked"
    assert text[f.start : f.end] == f.matched
    emoji = lint_text(text).findings[0]
    assert (emoji.rule, emoji.line, emoji.column, emoji.matched) == ("EMOJI", 1, 7, "😀")


def test_matched_text_is_the_original_substring() -> None:
    text = "Our ＡＣＣＯＵＮＴ is ｓｕｓ－ｐｅｎｄｅｄ!"
    (f,) = only(text, "ACCOUNT-STATUS")
    assert f.matched == "ＡＣＣＯＵＮＴ is ｓｕｓ－ｐｅｎｄｅｄ"
    assert (f.line, f.column) == (1, 5)


# --- invisible characters and disguises ------------------------------------------------------


@pytest.mark.parametrize(
    "cp,name",
    [
        (0x202E, "RIGHT-TO-LEFT OVERRIDE"),
        (0x200B, "ZERO WIDTH SPACE"),
        (0x200D, "ZERO WIDTH JOINER"),
        (0x2066, "LEFT-TO-RIGHT ISOLATE"),
        (0x00AD, "SOFT HYPHEN"),
        (0xFEFF, "ZERO WIDTH NO-BREAK SPACE"),
        (0x2060, "WORD JOINER"),
        (0xE0041, "TAG LATIN CAPITAL LETTER A"),
        (0x034F, "COMBINING GRAPHEME JOINER"),
        (0x3164, "HANGUL FILLER"),
    ],
)
def test_invisible_characters_are_reported_with_code_point(cp: int, name: str) -> None:
    text = f"Your refund\n is on its{chr(cp)} way."
    (f,) = lint_text(text).findings
    assert f.rule == "INVISIBLE-CHARACTER"
    assert (f.line, f.column) == (2, 11)
    assert f.matched == chr(cp)
    assert f.explanation.startswith(f"U+{cp:04X} {name}")
    line = format_finding_line(f)
    assert chr(cp) not in line and f"\\u{cp:04x}" in line.lower() or f"\\U{cp:08x}" in line


def test_emoji_joiners_and_selectors_are_part_of_the_emoji() -> None:
    res = lint_text("Thanks 👨‍👩‍👧 ❤️")
    assert [f.rule for f in res.findings] == ["EMOJI", "EMOJI"]


DISGUISES = [
    "suspended",
    "SUSPENDED",
    "SuSpEnDeD",
    "ѕuѕреndеd",  # Cyrillic
    "suspεnded",  # Greek epsilon
    "ЅUЅРЕNDЕD",  # Cyrillic capitals
    "susp\u0435nd\u0435d",
    "suspended".replace("s", "ꜱ").replace("d", "ᴅ").replace("e", "ᴇ").replace("p", "ᴘ").replace("n", "ɴ").replace("u", "ᴜ"),
    "🇸🇺🇸🇵🇪🇳🇩🇪🇩",
    "s u s p e n d e d",
    "sus-pen-ded",
    "s.u.s.p.e.n.d.e.d",
    "s_u_s_p_e_n_d_e_d",
    "s*u*s*p*e*n*d*e*d",
    "suspen\u00a0ded",
    "sus\u200bpen\u200bded",
    "sus\u00adpended",
    "5u5p3nd3d",
    "$u$pended",
    "ｓｕｓｐｅｎｄｅｄ",
    "𝐬𝐮𝐬𝐩𝐞𝐧𝐝𝐞𝐝",
    "𝓈𝓊𝓈𝓅ℯ𝓃𝒹ℯ𝒹",
    "ˢᵘˢᵖᵉⁿᵈᵉᵈ",
    "s\u0301u\u0308s\u0327pended",
    "ⓢⓤⓢⓟⓔⓝⓓⓔⓓ",
    "\u202esuspended\u202c",
]


@pytest.mark.parametrize("word", DISGUISES)
def test_usual_disguises_of_one_word_are_all_caught(word: str) -> None:
    assert "ACCOUNT-STATUS" in rules_of(f"Our account is {word} right now.")


@pytest.mark.parametrize(
    "word,expected",
    [("blocked", "b|ocked"), ("blocked", "b1ocked"), ("blocked", "bl0cked"), ("investigation", "!nvest!gat!on"), ("closed", "cl0$ed")],
)
def test_leetspeak(word: str, expected: str) -> None:
    assert "ACCOUNT-STATUS" in rules_of(f"our account is {expected}")


def test_found_by_the_property_test() -> None:
    # a filler word spaced out between subject and state must not push them apart
    assert "ACCOUNT-STATUS" in rules_of("il nostro account ven d it o re è stato disattivato")
    # "!" standing for i before a leet digit is not a sentence end
    assert "REVIEW-REQUEST" in rules_of("please leave a pos! 7ive r-e-v-i-e-w")
    # ... nor before a lone leet digit in a spaced-out word (found 2026-12-03)
    assert "REVIEW-REQUEST" in rules_of("please leave a p-o-s-i-t-i-v-e rev! 3 w")
    assert "ACCOUNT-STATUS" in rules_of("nuestra t! 3 nda está cerrada")
    # but a real sentence end still separates: the account is fine, the parcel is held
    assert "ACCOUNT-STATUS" not in rules_of("Thanks for writing to our store! 5 parcels were held in customs.")


def test_dotless_i_and_turkish_i() -> None:
    assert "ACCOUNT-STATUS" in rules_of("our account is under ınvestıgatıon")
    assert "ACCOUNT-STATUS" in rules_of("OUR ACCOUNT IS UNDER İNVESTİGATİON")


def test_mixed_script_words_are_flagged() -> None:
    f = only("Our stоre is open.", "MIXED-SCRIPT")  # Cyrillic о
    assert [x.matched for x in f] == ["stоre"]
    assert "Latin" in f[0].explanation and "Cyrillic" in f[0].explanation
    # CJK text mixing Latin, Han and kana is normal
    assert only("iPhone用のUSB-C充電器です。Amazon账户", "MIXED-SCRIPT") == []
    assert only("a filter of 0.5 μm", "MIXED-SCRIPT") == []


def test_innocent_words_containing_forbidden_ones() -> None:
    for text in [
        "The default setting.",
        "The item is faultless.",
        "Trouser suspenders.",
        "Our warehouse in Scunthorpe.",
        "Plan b an option for our store.",  # spaced letters must not spell 'ban'
        "Unsuspending customers are welcome.",
    ]:
        assert lint_text(text).findings == (), text


# --- user rules ----------------------------------------------------------------------------


def test_compliance_user_phrase_rule_uses_the_same_folding() -> None:
    rule = make_user_rule("no-city", "Shenzhen warehouse", "Do not mention where we ship from.", language="en")
    assert rule.id == "NO-CITY" and rule.source == "user" and rule.kind == "phrase"
    rules = load_seed_rules() + [rule]
    for text in ["from our Shenzhen warehouse", "from our SHENZHEN WAREHOUSE", "from our Shеnzhеn w@rehouse", "our S-h-e-n-z-h-e-n warehouse"]:
        assert "NO-CITY" in lint_text(text, rules).rules(), text
    assert "NO-CITY" not in lint_text("our Shenzhenwarehouses", rules).rules()
    # the text is literal: no alternation syntax
    lit = make_user_rule("PAREN", "free (gift)", "x")
    assert "PAREN" in lint_text("a free (gift) for you", [lit]).rules()
    with pytest.raises(RuleError):
        make_user_rule("SHORT", "ab", "too short")
    with pytest.raises(RuleError):
        make_user_rule("EMPTY", "!!!", "no letters")
    with pytest.raises(RuleError):
        make_user_rule("two words", "something", "bad id")


def test_disabled_rules_do_not_fire_and_rules_are_data() -> None:
    rules = [r if r.id != "EMOJI" else LintRule(**{**r.__dict__, "enabled": False}) for r in load_seed_rules()]
    assert "EMOJI" not in lint_text("hi 😀", rules).rules()
    assert "EMOJI" in lint_text("hi 😀").rules()
    only_fault = [r for r in load_seed_rules() if r.id == "FAULT-ADMISSION"]
    assert lint_text("our account is suspended 😀 it was our fault", only_fault).rules() == {"FAULT-ADMISSION"}


# --- output format ---------------------------------------------------------------------------


def test_format_finding_line_escapes_tabs_and_newlines() -> None:
    f = Finding(rule="X", line=3, column=7, matched="a\tb\nc\\d", explanation="why\tnot")
    assert format_finding_line(f) == "X\t3:7\ta\\tb\\nc\\\\d\twhy\\tnot"
    (g,) = only("our account is\n\tsuspended", "ACCOUNT-STATUS")
    line = format_finding_line(g)
    assert line.split("\t")[:3] == ["ACCOUNT-STATUS", "1:5", "account is\\n\\tsuspended"]
    assert g.to_dict()["matched"] == "account is\n\tsuspended"


# --- corpora ------------------------------------------------------------------------------------


def _entries(path: Path) -> list[str]:
    return [p.strip("\n") for p in path.read_text(encoding="utf-8").split("\n%%\n") if p.strip()]


def _neutral(base: Path) -> list[tuple[str, str]]:
    return [(lang, e) for lang in LANGS for e in _entries(base / "neutral" / f"{lang}.txt")]


def _forbidden(base: Path) -> list[tuple[str, tuple[str, ...], str]]:
    out = []
    for lang in LANGS:
        for e in _entries(base / "forbidden" / f"{lang}.txt"):
            head, _, body = e.partition("\n")
            assert head.startswith("@ ")
            out.append((lang, tuple(head[2:].split("|")), body))
    return out


def test_corpora_are_large_enough_and_cover_all_languages() -> None:
    tuning, held = _neutral(DATA), _neutral(DATA / "heldout")
    assert len(tuning) + len(held) >= 200
    assert {lang for lang, _ in tuning} == set(LANGS) == {lang for lang, _ in held}
    known = {r.id for r in load_seed_rules()}
    for base in (DATA, DATA / "heldout"):
        for _lang, expected, _body in _forbidden(base):
            assert set(expected) <= known


@pytest.mark.parametrize("lang,body", _neutral(DATA), ids=lambda v: v[:25] if isinstance(v, str) else None)
def test_neutral_tuning_corpus_is_not_flagged(lang: str, body: str) -> None:
    assert [format_finding_line(f) for f in lint_text(body).findings] == []


def test_neutral_heldout_corpus_is_not_flagged() -> None:
    flagged = [(lang, body[:40]) for lang, body in _neutral(DATA / "heldout") if lint_text(body).findings]
    assert flagged == []


@pytest.mark.parametrize("lang,expected,body", _forbidden(DATA), ids=lambda v: v[:25] if isinstance(v, str) else None)
def test_forbidden_tuning_corpus_is_caught(lang: str, expected: tuple[str, ...], body: str) -> None:
    got = lint_text(body).rules()
    assert got & set(expected), f"expected one of {expected}, got {sorted(got)}"


def test_lint_is_fast_enough_for_live_preview() -> None:
    import time

    text = ("Hello, we have received your message about order 123-1234567-1234567. " * 15)[:1000]
    lint_text(text)
    t = time.perf_counter()
    for _ in range(20):
        lint_text(text)
    per_call = (time.perf_counter() - t) / 20
    assert per_call < 0.02  # generous for slow CI machines; the benchmark reports ~1-2 ms


# --- sentences, lines and punctuation ------------------------------------------------------------


def test_line_breaks_blank_lines_and_crlf() -> None:
    # a single line break (hard-wrapped mail) does not end the sentence
    assert "ACCOUNT-STATUS" in rules_of("unfortunately our account is\nsuspended, so")
    assert "ACCOUNT-STATUS" in rules_of("unfortunately our account is\r\nsuspended, so")
    # a blank line does
    assert "ACCOUNT-STATUS" not in rules_of("Regarding our account:\n\nSuspended deliveries resume on Monday.")
    assert "ACCOUNT-STATUS" not in rules_of("Regarding our account:\r\n\r\nSuspended deliveries resume on Monday.")
    # so does the end of a sentence
    assert "ACCOUNT-STATUS" not in rules_of("Thanks for checking our store. Blocked drains are not covered.")
    assert "ACCOUNT-STATUS" not in rules_of("We love our store! Closed boxes keep the tea fresh.")
    # positions after CR LF
    (f,) = only("Hello,\r\nour account is blocked.", "ACCOUNT-STATUS")
    assert (f.line, f.column) == (2, 5)


def test_exclamation_and_bar_are_letters_or_punctuation() -> None:
    assert "ACCOUNT-STATUS" in rules_of("Our account is SUSPENDED!!")
    assert "ACCOUNT-STATUS" in rules_of("our account is under !nvest!gat!on")
    assert "ACCOUNT-STATUS" in rules_of("our account is b|ocked")
    assert "ACCOUNT-STATUS" in rules_of("il nostro account è sospes! da ieri")  # a disguised i
    assert lint_text("Great news! Your refund is on its way.").findings == ()


def test_empty_and_whitespace_text() -> None:
    assert lint_text("").findings == ()
    assert lint_text(" \n\t ").findings == ()
    assert lint_template("").findings == ()


def test_rules_can_be_passed_as_any_sequence_and_are_reused() -> None:
    rules = tuple(load_seed_rules())
    assert lint_text("our account is blocked", rules).rules() == {"ACCOUNT-STATUS"}
    assert lint_text("our account is blocked", list(rules)).rules() == {"ACCOUNT-STATUS"}


def test_a_rule_with_a_broken_pattern_does_not_stop_the_check() -> None:
    broken = LintRule(id="BROKEN", kind="phrase", explanation="x", patterns=("free (gift",))
    res = lint_text("a free (gift for you; our account is blocked", load_seed_rules() + [broken])
    assert {"BROKEN", "ACCOUNT-STATUS"} <= res.rules()


def test_compiled_rules_are_reused_for_equal_rule_lists() -> None:
    import time

    from warroom.lint.engine import _compiled

    rules = load_seed_rules()
    first = _compiled(rules)
    rebuilt = [LintRule.from_dict(r.to_dict()) for r in rules]  # as if read from the database
    t = time.perf_counter()
    assert _compiled(rebuilt) is first
    assert time.perf_counter() - t < 0.05

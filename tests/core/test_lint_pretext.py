"""Issue 12 item 14: the lint's holes for paraphrases.

* a suspension (or an account restriction) blamed for not shipping, refunding or answering,
  in words the ACCOUNT-STATUS pairs miss ("Your account suspension means we cannot ship");
* a platform "technical problem" blamed for the same (rule PRETEXT), while DOMAIN.md's own
  neutral wording ("... technical issue on the platform, your refund request has been
  escalated ...") stays clean;
* a lone `{{`, `{%`, `}}`, `%}`, `{#` or `#}` left in a rendered reply (PLACEHOLDER).
"""

from __future__ import annotations

import sqlite3

import pytest

from warroom.lint import lint_template, lint_text, load_seed_rules
from tests import rawdb


def rules_of(text: str, **kw) -> set[str]:
    return lint_text(text, **kw).rules()


# --- the exact phrases of the issue ------------------------------------------------------------


def test_issue_12_suspension_paraphrase_is_caught() -> None:
    (f,) = [f for f in lint_text("Your account suspension means we cannot ship").findings if f.rule == "PRETEXT"]
    assert f.matched == "account suspension means we cannot ship" and (f.line, f.column) == (1, 6)


def test_issue_12_technical_problem_pretext_is_caught() -> None:
    text = "Due to a technical problem on the platform we cannot refund you at the moment"
    (f,) = lint_text(text).findings
    assert f.rule == "PRETEXT" and f.matched == "technical problem on the platform we cannot refund"


DOMAIN_NEUTRAL = (
    "Hello, we have received your message about order [order number]. Due to a technical issue on the "
    "platform, your refund request has been escalated urgently to our processing team. We will notify you "
    "here as soon as the result is confirmed."
)


def test_domain_neutral_example_stays_clean() -> None:
    # as a template (the bracket is the order number's slot) and rendered with a real order number
    assert lint_text(DOMAIN_NEUTRAL, rendered=False).findings == ()
    assert lint_template(DOMAIN_NEUTRAL).findings == ()
    assert lint_text(DOMAIN_NEUTRAL.replace("[order number]", "302-1234567-7654321")).findings == ()


# --- the PRETEXT family in every language ------------------------------------------------------

PRETEXTS = [
    ("en", "We can't refund you right now because of the suspension."),
    ("en", "Sorry, an Amazon glitch means refunds are on hold for the time being."),
    ("en", "Because of a system error on the platform, we were unable to reply to your message."),
    ("de", "Wegen der Sperre können wir Ihre Bestellung leider nicht versenden."),
    ("de", "Aufgrund eines technischen Fehlers ist eine Rückerstattung im Moment nicht möglich."),
    ("fr", "La suspension nous empêche d'effectuer le remboursement."),
    ("fr", "Suite à un problème technique sur la plateforme, nous ne pouvons pas vous rembourser."),
    ("it", "Non possiamo rimborsarla a causa della sospensione."),
    ("it", "Per un problema tecnico della piattaforma non possiamo rimborsarla in questo momento."),
    ("es", "Debido a la suspensión, no podemos enviar su pedido por ahora."),
    ("es", "Por un problema técnico en la plataforma no podemos reembolsarle en este momento."),
    ("ja", "出品停止のため、現在ご注文の商品を発送できません。"),
    ("ja", "システムの不具合により、返金することができません。"),
    ("zh", "由于暂停销售，我们无法发货。"),
    ("zh", "由于平台技术问题，我们目前无法为您退款。"),
]


@pytest.mark.parametrize(("lang", "text"), PRETEXTS, ids=[f"{lang}-{i}" for i, (lang, _t) in enumerate(PRETEXTS)])
def test_pretext_is_caught_in_every_language(lang: str, text: str) -> None:
    assert "PRETEXT" in rules_of(text)


def test_pretext_rule_covers_seven_languages() -> None:
    rule = next(r for r in load_seed_rules() if r.id == "PRETEXT")
    assert rule.kind == "proximity" and set(rule.languages) == {"en", "de", "fr", "it", "es", "ja", "zh"}


@pytest.mark.parametrize("text", [
    # the same words without an inability to ship, refund or answer
    "Due to a technical issue on the platform, your return request has been forwarded to our team.",
    "The carrier had a technical problem with its scanners, so the tracking page may not update.",
    # an inability without a suspension or a technical problem
    "We cannot ship to PO boxes. Please send us a street address.",
    "We could not reply over the weekend because our team works Monday to Friday.",
    # someone else's problem: a carrier (between the two, or owning the problem), customs
    "Due to a technical problem at the carrier, we cannot ship today; your parcel leaves on Monday.",
    "The carrier's system error delayed the label, so we could not ship on Friday.",
    "Because of customs restrictions we cannot ship lithium batteries to Norway.",
    "Royal Mail's suspension of deliveries to the Isle of Man means we cannot ship there until Friday.",
    # a suspension that is a product
    "The air suspension seat cannot be shipped to a parcel locker because of its size.",
    "Cette suspension en verre ne peut pas être envoyée en point relais à cause de sa taille.",
    "La lampada a sospensione è molto grande, per questo non possiamo spedirla in un punto di ritiro.",
    # different sentences
    "There was a system outage last night. We cannot ship to PO boxes.",
    # carriers in Japanese and Chinese own the problem before it
    "配送業者のシステム障害のため、本日は発送できません。",
    "由于快递公司系统故障，今天无法发货，包裹将于周一发出。",
])
def test_pretext_near_misses_stay_clean(text: str) -> None:
    assert lint_text(text).findings == ()


def test_a_disguised_pretext_is_still_caught_but_cannot_borrow_an_exclusion() -> None:
    assert "PRETEXT" in rules_of("Due to the s-u-s-p-e-n-s-i-o-n we c4nn0t ship your order.")
    # "carrier's" excludes the technical problem only when written plainly
    assert "PRETEXT" in rules_of("The carrier s system error means we cannot refund you.")
    assert "PRETEXT" not in rules_of("The carrier's system error means we cannot ship today.")


def test_an_exclusion_with_punctuation_inside_a_word_counts_when_written_that_way() -> None:
    # "carrier's" and "Amazon-Konto" in an exclusion used to need a space where the pattern has
    # the apostrophe or hyphen, so they never matched how people write them
    assert lint_text("Ihr Amazon-Konto ist gesperrt, bitte wenden Sie sich an Amazon.").findings == ()
    assert "ACCOUNT-STATUS" in rules_of("Unser Amazon-Konto wurde suspendiert.")
    assert "ACCOUNT-STATUS" in rules_of("Ihr-Amazon Konto ist gesperrt.")  # punctuation where the rule has a space


# --- leftover template fragments ---------------------------------------------------------------


@pytest.mark.parametrize("fragment", ["{{", "{%", "}}", "%}", "{#", "#}"])
def test_a_lone_template_fragment_in_a_rendered_reply_is_a_placeholder(fragment: str) -> None:
    text = f"Hello Anna, your refund has been issued. {fragment} Kind regards"
    (f,) = lint_text(text).findings
    assert (f.rule, f.matched, f.start) == ("PLACEHOLDER", fragment, text.index(fragment))
    assert lint_text(text, rendered=False).findings == ()


@pytest.mark.parametrize("text", [
    "Hello {{ buyer_name, thank you for your message.",
    "Your refund of $25.00 has been issued. {% endif",
    "Dear Anna }}, we are sorry to hear the lamp arrived damaged.",
    "ご注文の商品は本日発送いたしました。}}",
    "您的退款已经处理完毕。{%",
    "Hallo {{ kundenname, vielen Dank.",
    "Ｈello ｛｛ name",  # fullwidth braces fold to {{
])
def test_issue_12_broken_placeholders_are_caught(text: str) -> None:
    assert "PLACEHOLDER" in rules_of(text)


def test_complete_tags_are_one_finding_and_templates_are_unchanged() -> None:
    (f,) = lint_text("Hello {{ buyer_name }}, thanks.").findings
    assert f.matched == "{{ buyer_name }}"
    assert [f.matched for f in lint_text("{% if gift %}Gift{% endif %}").findings] == ["{% if gift %}", "{% endif %}"]
    assert lint_template("Hello {{ buyer_name }}, {# note #}thanks.").findings == ()
    # percent signs, hashes and braces that are not template syntax
    assert lint_text("We refunded 100% of the price. Your case number is #4521 {see below}.").findings == ()


# --- an existing database takes in the new rule --------------------------------------------------


def test_a_database_seeded_before_pretext_existed_gets_it_on_the_next_open(db_url, cli) -> None:
    from warroom.storage.engine import open_database

    open_database(str(db_url)).dispose()
    con = rawdb.connect(db_url)
    with con:
        con.execute("DELETE FROM rule WHERE kind = 'lint' AND rule_id = 'PRETEXT'")
        con.execute("UPDATE seed_state SET sha256 = 'from-an-older-release' WHERE kind = 'lint'")
    con.close()
    r = cli("lint", stdin="Your account suspension means we cannot ship\n")
    assert r.code == 1 and r.out.startswith("PRETEXT\t1:6\t"), r.out + r.err

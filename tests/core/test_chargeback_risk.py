"""A buyer saying the purchase was not theirs (stolen card, "I did not make this purchase",
unauthorized charge) is a chargeback risk: category CHARGEBACK with the CHARGEBACK flag, not OTHER."""

from __future__ import annotations

import pytest

from warroom.triage.engine import classify


@pytest.mark.parametrize("text", [
    "Hi, my card was stolen and I did not make this purchase. Please cancel it.",
    "There is an unauthorized charge on my statement for this order.",
    "I never ordered this, someone used my card.",
    "Meine Kreditkarte wurde gestohlen, ich habe nicht bestellt.",
    "Ma carte volée a servi pour cet achat, je n'ai jamais commandé.",
    "Mi tarjeta robada se usó para esta compra no autorizada.",
    "La mia carta clonata: addebito non autorizzato.",
    "身に覚えのない注文です。クレジットカードの不正利用だと思います。",
])
def test_unauthorized_purchase_is_a_chargeback_risk(text):
    result = classify(text)
    assert result.category == "CHARGEBACK"
    assert "CHARGEBACK" in result.flags


def test_an_ordinary_question_stays_as_it_was():
    result = classify("Hello, does this lamp come with a bulb?")
    assert result.category != "CHARGEBACK" and "CHARGEBACK" not in result.flags

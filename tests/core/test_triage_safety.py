"""Issue 12 item 15: a plainly described product fire in German was not flagged SAFETY.

Fire, smoke, burning, melting, explosions and injuries in the wording buyers use, in the six
triage languages, and the look-alikes that must stay unflagged."""

from __future__ import annotations

import sqlite3

import pytest

from warroom.triage import classify, load_seed_rules
from tests import rawdb

GERMAN_FIRES = [
    "Das Ladegerät hat gebrannt! Ich habe es gerade noch rechtzeitig ausgesteckt.",
    "Die Steckdosenleiste fing an zu brennen.",
    "Meine Powerbank hat angefangen zu brennen, ich habe sie auf den Balkon geworfen.",
    "Eine Flamme schoss aus dem Gerät, als ich es eingesteckt habe.",
    "Das Netzteil brannte plötzlich lichterloh.",
    "Da kam Feuer raus!",
]


@pytest.mark.parametrize("text", GERMAN_FIRES)
def test_issue_12_a_plainly_described_fire_in_german_is_safety(text):
    result = classify([text], language="de")
    assert "SAFETY" in result.flags and result.tier == 3, result.reasons
    assert result.category == "COMPLAINT"


INCIDENTS = [
    # (language, family, text)
    ("de", "smoke", "Die Lampe hat stark geraucht und ist dann ausgegangen."),
    ("de", "melt", "Das Ladekabel ist am Stecker angeschmolzen."),
    ("de", "explode", "Der Akku explodierte mit einem Knall."),
    ("de", "burn", "Mein Kind hat sich an der Lampe eine Brandblase geholt."),
    ("de", "injury", "Ich habe mich an der scharfen Kante geschnitten und musste zum Arzt."),
    ("en", "fire", "My charger burst into flame on the bed."),
    ("en", "fire", "The lamp base caught alight while I was reading."),
    ("en", "smoke", "There was a bang and the smart plug went up in smoke."),
    ("en", "smoke", "Smoke was pouring out of the kettle base."),
    ("en", "melt", "The cable insulation is charred."),
    ("en", "explode", "The battery popped and burst open while charging."),
    ("en", "burn", "My daughter has second-degree burns from the kettle."),
    ("en", "injury", "I got a nasty cut from the grille."),
    ("fr", "fire", "Le chargeur s'est enflammé sur le bureau."),
    ("fr", "fire", "La multiprise a brûlé, il y a une trace noire sur le mur."),
    ("fr", "explode", "La batterie externe a éclaté pendant la charge."),
    ("fr", "injury", "Je me suis entaillé le doigt sur le bord du filtre."),
    ("it", "fire", "Dalla presa è uscita una fiamma."),
    ("it", "melt", "La ciabatta si è squagliata."),
    ("it", "burn", "Mi sono scottato la mano con il bollitore."),
    ("es", "fire", "El cargador empezó a arder encima del escritorio."),
    ("es", "melt", "El enchufe se fundió y la pared quedó negra."),
    ("es", "explode", "La batería reventó mientras cargaba."),
    ("es", "burn", "Le salieron ampollas en la mano."),
    ("ja", "fire", "電源タップが焼けて、壁が黒くなりました。"),
    ("ja", "injury", "娘が転んでケガをしました。"),
]


@pytest.mark.parametrize(("lang", "family", "text"), INCIDENTS,
                         ids=[f"{lang}-{fam}-{i}" for i, (lang, fam, _t) in enumerate(INCIDENTS)])
def test_fire_smoke_burn_melt_explosion_and_injury_wording_is_safety(lang, family, text):
    result = classify([text], language=lang)
    assert "SAFETY" in result.flags, result.reasons
    assert any(r.target == "SAFETY" and r.matched for r in result.reasons)


LOOK_ALIKES = [
    ("de", "Die Lampe brennt nicht mehr, die LED ist kaputt. Kann ich sie umtauschen?"),
    ("de", "Die Lampe hat gebrannt, aber nur zwei Tage, dann war sie dunkel."),
    ("de", "Ich brenne darauf zu wissen, wann meine Bestellung kommt!"),
    ("de", "Brandneue Kopfhörer, aber der linke lädt nicht."),
    ("de", "Das läuft nicht Knall auf Fall, sondern in Ruhe."),
    ("en", "Can this power bank go in hand luggage, or could it catch fire on a plane?"),
    ("en", "This charger is fire, best purchase this year."),
    ("en", "Does the lamp come with a smoked glass shade?"),
    ("en", "The charred oak finish looks great."),
    ("fr", "Mon mari m'a donné le feu vert pour en commander deux de plus."),
    ("fr", "Le colis est arrivé éclaté, mais la lampe va bien."),
    ("it", "Ho bruciato le tappe e ho già ordinato il secondo."),
    ("es", "La bombilla se fundió después de un año. ¿Venden recambios?"),
    ("es", "Los auriculares son la bomba."),
    ("ja", "燃えるような赤色のライトですが、白色もありますか？"),
    ("ja", "箱が日に焼けていましたが、中身は問題ありません。"),
    # idioms and everyday words next to the new wording
    ("de", "Da platzte mir der Kragen, als die Lieferung wieder nicht kam."),
    ("de", "Die Preise explodieren gerade, habt ihr noch das alte Angebot?"),
    ("de", "Ich muss morgen zum Arzt, bitte liefern Sie nach 14 Uhr."),
    ("de", "Wir sind Feuer und Flamme für die neue Lampe!"),
    ("de", "Die Wohnung ist voller Rauch vom Grill der Nachbarn, hilft der Luftreiniger?"),
    ("fr", "Les prix ont flambé depuis ma dernière commande."),
    ("fr", "Il y a des marques noires sur le tissu de l'abat-jour."),
    ("es", "Se cortó la luz y el pedido no llegó."),
    ("es", "Estoy reventado, ¿pueden entregar el sábado?"),
    ("es", "La lámpara que me llegó está negra y pedí blanca."),
    ("es", "¿Puede explotar la batería si la dejo cargando toda la noche?"),
    ("en", "Our house is full of smoke from the wildfires; will the purifier help?"),
    ("en", "Sales are exploding, can I order 50 more?"),
    ("en", "Can I get a small cut off the price?"),
    ("en", "I had to go to the doctor so I missed the delivery. Can you resend?"),
    ("it", "Questo prodotto ha fatto il botto, ne ordino altri due."),
    ("it", "Sono rimasto scottato dall'ultimo acquisto, quindi chiedo: è originale?"),
    ("it", "Devo andare dal medico, potete consegnare dopo le 15?"),
    ("ja", "自分で縫いました。サイズ交換できますか？"),
]


@pytest.mark.parametrize(("lang", "text"), LOOK_ALIKES, ids=[f"{lang}-{i}" for i, (lang, _t) in enumerate(LOOK_ALIKES)])
def test_look_alikes_are_not_safety(lang, text):
    assert "SAFETY" not in classify([text], language=lang).flags


def test_the_new_safety_rules_cover_six_languages():
    ids = {r.id for r in load_seed_rules()}
    for lang in ("EN", "DE", "FR", "IT", "ES"):
        assert {f"{lang}-SAFETY-FLAMES", f"{lang}-SAFETY-MELT", f"{lang}-SAFETY-EXPLODE", f"{lang}-SAFETY-HARM"} <= ids
    assert {"JA-SAFETY-BURNING", "JA-SAFETY-HARM"} <= ids


def test_a_database_seeded_before_the_new_rules_gets_them_on_the_next_open(db_url):
    from warroom.services.rules import active_rules
    from warroom.storage.engine import open_database
    from warroom.storage.uow import UnitOfWork

    open_database(str(db_url)).dispose()
    con = rawdb.connect(db_url)
    with con:
        con.execute("DELETE FROM rule WHERE kind = 'triage' AND rule_id LIKE 'DE-SAFETY-%' "
                    "AND rule_id NOT IN ('DE-SAFETY-FIRE', 'DE-SAFETY-SMOKE', 'DE-SAFETY-SHOCK', 'DE-SAFETY-INJURY', "
                    "'DE-SAFETY-COLLAPSE', 'DE-SAFETY-RECALL', 'DE-SAFETY-OVERHEAT', 'DE-SAFETY-DANGER')")
        con.execute("UPDATE seed_state SET sha256 = 'from-an-older-release' WHERE kind = 'triage'")
    con.close()
    db = open_database(str(db_url))
    try:
        with UnitOfWork(db, write=False) as uow:
            rules = active_rules(uow.session, "triage")
        assert "DE-SAFETY-FLAMES" in {r.id for r in rules}
        assert "SAFETY" in classify([GERMAN_FIRES[0]], rules=rules).flags
    finally:
        db.dispose()


def test_new_wording_of_a_shipped_rule_reaches_an_existing_database_keeping_its_state(db_url):
    """An exclusion added to a shipped rule reaches databases seeded with the old wording; a rule
    the compliance user disabled stays disabled; the refresh is one audit entry by system."""
    import json

    from warroom.storage.engine import open_database

    open_database(str(db_url)).dispose()
    con = rawdb.connect(db_url)
    with con:
        current = json.loads(con.execute("SELECT definition FROM rule WHERE kind = 'triage' "
                                         "AND rule_id = 'EN-SAFETY-FIRE'").fetchone()[0])
        old = dict(current, exclude=[])
        con.execute("UPDATE rule SET definition = ?, enabled = FALSE WHERE kind = 'triage' AND rule_id = 'EN-SAFETY-FIRE'",
                    (json.dumps(old),))
        con.execute("UPDATE seed_state SET sha256 = 'from-an-older-release' WHERE kind = 'triage'")
    con.close()
    open_database(str(db_url)).dispose()
    con = rawdb.connect(db_url)
    try:
        definition, enabled = con.execute("SELECT definition, enabled FROM rule WHERE kind = 'triage' "
                                          "AND rule_id = 'EN-SAFETY-FIRE'").fetchone()
        last = json.loads(con.execute("SELECT canonical FROM audit_entry ORDER BY seq DESC LIMIT 1").fetchone()[0])
    finally:
        con.close()
    assert json.loads(definition) == current and enabled == 0
    assert last["action"] == "rules.seed" and last["payload"]["updated"] == {"triage": ["EN-SAFETY-FIRE"]}

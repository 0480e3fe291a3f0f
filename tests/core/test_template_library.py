"""The template library as the Templates screen uses it (warroom.services.template_library):
typed versions, a text checked and previewed on a ticket without writing, a new version,
approve and retire, a file import -- each change one audited unit of work."""

from __future__ import annotations

import json

import pytest

from tests.core.factories import load, message, order
from warroom.errors import BadInput, BusinessRuleError, PermissionDenied
from warroom.services import template_library as lib
from warroom.services.status import audit_entries
from warroom.services.templates import import_templates
from warroom.templates import load_starter_pack


def _count(db) -> int:
    return len(audit_entries(db, limit=10_000))


@pytest.fixture
def library(db, users):
    import_templates(db, users["carol"])
    load(db, [order(1, buyer_name="Jane Roe")], [message(1, order_id=order(1).amazon_order_id)])
    return lib.list_versions(db)


def test_versions_are_typed_and_listed_by_key_language_version(db, library):
    assert len(library) == len(load_starter_pack())
    assert all(isinstance(v, lib.TemplateVersion) for v in library)
    keys = [(v.key, v.language, v.version) for v in library]
    assert keys == sorted(keys)
    v = next(v for v in library if v.key == "refund-ack" and v.language == "en")
    assert v.status == "approved" and v.approved_by == "carol" and v.ref == "refund-ack@1/en"
    with pytest.raises(AttributeError):
        v.status = "draft"                        # frozen


def test_check_text_lints_live_with_placeholders_masked_and_names_a_syntax_error(db, library):
    clean = lib.check_text(db, "Hello {{ buyer_first_name }}, your refund is on its way.")
    assert clean.ok and clean.findings == () and clean.source_error is None
    bad = lib.check_text(db, "Hello {{ buyer_first_name }}, our account is suspended.")
    assert not bad.ok and bad.findings and bad.findings[0].line == 1
    broken = lib.check_text(db, "Hello {{ buyer_first_name ")
    assert broken.source_error and not broken.ok
    extra = lib.check_text(db, "Your parcel number is {{ tracking_code }}.")
    assert extra.variables == ("tracking_code",)


def test_preview_renders_an_unsaved_text_on_a_ticket_and_writes_nothing(db, library):
    before = _count(db)
    ticket = lib.preview_tickets(db, "en")[0]
    p = lib.preview(db, "Hello {{ buyer_first_name }}, about {{ order_id }}.", ticket.id)
    assert p.text == f"Hello Jane, about {order(1).amazon_order_id}." and p.findings == () and p.missing is None
    missing = lib.preview(db, "Code {{ tracking_code }}", ticket.id)
    assert missing.missing == "tracking_code" and missing.text == ""
    given = lib.preview(db, "Code {{ tracking_code }}", ticket.id, {"tracking_code": "ZX9"})
    assert given.text == "Code ZX9"
    limited = lib.preview(db, "{% for i in range(10**9) %}x{% endfor %}", ticket.id)
    assert limited.error and limited.text == ""
    linted = lib.preview(db, "We are suspended, {{ buyer_first_name }}.", ticket.id)
    assert linted.findings
    assert _count(db) == before


def test_a_new_version_then_approve_retires_the_old_one_each_step_audited(db, users, library):
    carol = users["carol"]
    current = lib.current_version(library, "refund-ack", "en")
    assert current is not None and current.version == 1
    before = _count(db)
    edit = lib.save_new_version(db, carol, "refund-ack", "en", current.body + "\n\nP.S. Thank you.")
    assert edit.version.version == 2 and edit.version.status == "draft" and edit.findings == ()
    assert lib.current_version(lib.list_versions(db), "refund-ack", "en").version == 1   # approved one still in use
    decision = lib.approve_version(db, carol, edit.version)
    assert decision.approved == ("refund-ack@2/en",) and decision.retired == ("refund-ack@1/en",)
    retired = lib.retire_version(db, carol, lib.current_version(lib.list_versions(db), "refund-ack", "en"))
    assert retired.retired == ("refund-ack@2/en",)
    actions = [e["action"] for e in audit_entries(db, limit=10_000)][before:]
    assert actions == ["template.edit", "template.approve", "template.retire"]


def test_a_version_with_findings_is_saved_but_cannot_be_approved(db, users, library):
    edit = lib.save_new_version(db, users["carol"], "refund-ack", "en", "Our account is suspended, sorry.")
    assert edit.findings and edit.version.status == "draft"
    before = _count(db)
    with pytest.raises(BusinessRuleError, match="lint findings"):
        lib.approve_version(db, users["carol"], edit.version)
    assert _count(db) == before


def test_agents_and_admins_change_nothing(db, users, library):
    v = lib.current_version(library, "refund-ack", "en")
    for name in ("alice", "ada"):
        with pytest.raises(PermissionDenied):
            lib.save_new_version(db, users[name], "refund-ack", "en", "Hello.")
        with pytest.raises(PermissionDenied):
            lib.retire_version(db, users[name], v)


def test_import_file_adds_approved_versions_and_a_bad_file_names_file_entry_and_field(db, users, tmp_path, library):
    good = tmp_path / "more.json"
    good.write_text(json.dumps([{"key": "thanks", "version": 1, "language": "en", "category": "general-ack",
                                 "title": "Thanks", "body": "Thank you for your message.", "variables": []}]))
    out = lib.import_file(db, users["carol"], good)
    assert out.added == ("thanks@1/en",) and out.unchanged == 0 and out.files == (str(good),)
    assert next(v for v in lib.list_versions(db) if v.key == "thanks").status == "approved"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"key": "x1", "version": 1, "language": "en", "category": "general-ack",
                                "title": "X", "body": "ok"},
                               {"key": "x2", "version": "two", "language": "en", "category": "general-ack",
                                "title": "X", "body": "ok"}]))
    before = _count(db)
    with pytest.raises(BadInput) as err:
        lib.import_file(db, users["carol"], bad)
    text = str(err.value)
    assert "bad.json" in text and "entry 2" in text and "version" in text
    assert _count(db) == before and not any(v.key == "x1" for v in lib.list_versions(db))


def test_preview_tickets_offer_those_the_template_answers_in_its_language_first(db, users):
    orders = [order(n) for n in (1, 2, 3)]
    load(db, orders, [message(1, order_id=orders[0].amazon_order_id, body="Where is my parcel? Still waiting."),
                      message(2, order_id=orders[1].amazon_order_id, body="I want a refund for this, please."),
                      message(3, order_id=orders[2].amazon_order_id,
                              body="Ich möchte eine Rückerstattung für diese Bestellung, bitte.")])
    offered = lib.preview_tickets(db, "en", "refund-ack")
    assert [(t.language, t.category) for t in offered][:2] == [("en", "REFUND"), ("en", "WISMO")]
    assert offered[-1].language == "de"
    assert len(lib.preview_tickets(db, limit=2)) == 2

"""`warroom lint` and `warroom lint-rules` as CLI.md writes them: the rules live in the database."""

from __future__ import annotations

from warroom.services.status import audit_entries

BAD = "Hello, we got your message about order 111-1234567-1234567.\nOur account is suspended, so we cannot refund you.\n"


def test_lint_reads_stdin_and_prints_one_line_per_finding(cli):
    r = cli("lint", stdin=BAD)
    assert r.code == 1
    [line] = [x for x in r.out.splitlines() if x.startswith("ACCOUNT-STATUS")]
    rule, where, matched, explanation = line.split("\t")
    assert where == "2:5" and "suspended" in matched and explanation
    ok = cli("lint", "-", stdin="Thank you for your patience; we will update you within 24 hours.\n")
    assert ok.code == 0 and ok.out == ""


def test_lint_json_has_the_unicode_version_and_invisible_characters(cli, tmp_path):
    text = tmp_path / "reply.txt"
    text.write_text("We will refund you\u202e today.\n", encoding="utf-8")
    r = cli("lint", str(text), "--json")
    assert r.code == 1
    doc = r.json()
    assert doc["unicode_version"] and doc["findings"][0]["rule"] == "INVISIBLE-CHARACTER"
    assert "U+202E" in doc["findings"][0]["matched"] + doc["findings"][0]["explanation"]
    assert cli("lint", str(tmp_path / "missing.txt")).code == 3


def test_compliance_adds_and_disables_rules_with_audit(cli, users, db):
    listed = cli("lint-rules", "list", "--json").json()
    assert any(r["id"] == "ACCOUNT-STATUS" for r in listed)
    text = "Your parcel left our warehouse in Shenzhen yesterday.\n"
    assert cli("lint", stdin=text).code == 0
    denied = cli("lint-rules", "add", "--id", "NO-WAREHOUSE-CITY", "--pattern", "warehouse in Shenzhen",
                 "--explanation", "Do not name our warehouse city", "--as", "alice")
    assert denied.code == 2
    added = cli("lint-rules", "add", "--id", "NO-WAREHOUSE-CITY", "--pattern", "warehouse in Shenzhen",
                "--explanation", "Do not name our warehouse city", "--as", "carol")
    assert added.code == 0, added.err
    r = cli("lint", stdin=text)
    assert r.code == 1 and r.out.startswith("NO-WAREHOUSE-CITY\t1:")
    assert cli("lint", stdin="Your parcel left our w a r e h o u s e  in  Shenzhen.\n").code == 1
    dup = cli("lint-rules", "add", "--id", "NO-WAREHOUSE-CITY", "--pattern", "x y z", "--explanation", "x",
              "--as", "carol")
    assert dup.code == 3
    assert cli("lint-rules", "disable", "ACCOUNT-STATUS", "--as", "carol").code == 0
    assert "ACCOUNT-STATUS" not in cli("lint", stdin=BAD).out
    actions = [e["action"] for e in audit_entries(db, limit=100)]
    assert actions.count("rules.add") == 1 and actions.count("rules.disable") == 1 and "rules.seed" in actions
    assert cli("lint-rules", "disable", "NO-SUCH-RULE", "--as", "carol").code == 3

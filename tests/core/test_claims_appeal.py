"""The appeal package lists claims and Amazon's notices (sections ``claims`` and ``notices``),
each row citing its audit entries."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from warroom import clock
from warroom.services import claims, notices
from warroom.services.appeal import export_package
from warroom.services.imports import import_messages

NOTICES = Path(__file__).resolve().parents[1] / "data" / "messages" / "notices"


def test_the_appeal_report_lists_claims_and_notices(db, users, tmp_path, set_now):
    set_now("2026-12-03T13:00:00Z")
    import_messages(db, users["alice"], [str(NOTICES / "atoz_claim_us.eml"), str(NOTICES / "chargeback_de.eml"),
                                         str(NOTICES / "mixed_notices.mbox")])
    atoz = next(c for c in claims.list_claims(db) if c.type == "A_TO_Z")
    claims.add_evidence(db, users["alice"], atoz.id, kind="TRACKING", reference="1Z999AA10123456784")
    claims.submit(db, users["alice"], atoz.id, text="Delivered on 28 Nov, signed for.")
    answered = next(n for n in notices.list_notices(db) if n.kind == "POLICY_WARNING")
    notices.answer_notice(db, users["alice"], answered.id, text="Listing fixed; appeal filed.")
    out = tmp_path / "appeal.zip"
    now = clock.now()
    export_package(db, users["carol"], out, start=now - timedelta(days=10), end=now + timedelta(minutes=1), pdf=False)
    with zipfile.ZipFile(out) as z:
        report = json.loads(z.read("report.json"))
        claim_csv = list(csv.DictReader(io.StringIO(z.read("csv/claims.csv").decode("utf-8-sig"))))
        html = z.read("report.html").decode("utf-8")
        cited = {int(r["seq"]) for r in csv.DictReader(io.StringIO(z.read("csv/cited-entries.csv").decode("utf-8-sig")))}
    rows = {r["claim_id"]: r for r in report["sections"]["claims"]}
    mine = rows[atoz.id]
    assert mine["status"] == "SUBMITTED" and mine["submission"] == "Delivered on 28 Nov, signed for."
    assert mine["evidence"] == ["TRACKING 1Z999AA10123456784"] and len(mine["entries"]) == 3   # import, evidence, submit
    assert {r["type"] for r in report["sections"]["claims"]} == {"A_TO_Z", "CHARGEBACK"}
    assert len(claim_csv) == 2
    listed = {n["kind"]: n for n in report["sections"]["notices"]}
    assert set(listed) == {"A_TO_Z", "CHARGEBACK", "POLICY_WARNING", "PERFORMANCE"}
    assert listed["POLICY_WARNING"]["status"] == "answered" and len(listed["POLICY_WARNING"]["entries"]) == 2
    assert set(mine["entries"]) <= cited and set(listed["POLICY_WARNING"]["entries"]) <= cited
    assert "7. Claims: A-to-z and chargebacks" in html and "8. Amazon's notices" in html
    assert "Delivered on 28 Nov, signed for." in html

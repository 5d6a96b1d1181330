"""The printed assessment pack, read back with pdftotext: the marking on every page (the highest
in the document), page X of Y, the reference, the key figures, names in other scripts."""

import os
import shutil
import subprocess

import pytest

from rocta_desktop.exchange.pdf.pack import build_pack
from rocta_desktop.services import assessments, collection, reference_data, registers, reports
from rocta_desktop.store.models import Agency
from tests.dates import TODAY, days, iso
from tests.domain.test_schemes import MORILE_ANSWERS, OCGM_ANSWERS


def pdftotext():
    exe = shutil.which("pdftotext")
    if exe is None and os.environ.get("CI"):
        pytest.fail("poppler-utils (pdftotext) must be installed in CI: dev.sh installs it")
    if exe is None:
        pytest.skip("pdftotext is not installed here")
    return exe


def pages(path):
    out = subprocess.run([pdftotext(), "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [pg for pg in out.split("\f") if pg.strip()]


@pytest.fixture
def subject(workspace, team):
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "regional",
                                           "description": "Regional supplier of Class A drugs."}).id
        for i, (surname, forenames) in enumerate([("Иванов", "Сергей"), ("Kowalski", "Jan"), ("Öztürk", "Burak")]):
            nid = registers.create_nominal(uow, {"surname": surname, "forenames": forenames, "marking": "OFFICIAL"}).id
            registers.add_member(uow, gid, nid, "principal" if i == 0 else "peripheral", since=iso(-938))
        nca = reference_data.create(uow, Agency, {"code": "NCA", "name": "National Crime Agency"})
    for ref, answers in (("morile-reference", MORILE_ANSWERS), ("ocgm-reference", OCGM_ANSWERS)):
        a = workspace.write("a", assessments.start, gid, ref)
        workspace.write("a", assessments.save, a.id, answers, summary="Based on force and NCA reporting")
        workspace.write("a", assessments.submit, a.id)
        sam.write("a", assessments.approve, a.id, today=TODAY)
    workspace.write("c", collection.create, {"question": "Who launders the cash?", "owner": "DI Khan",
                                             "agency_ids": [nca], "subject_ids": [gid], "marking": "SECRET"})
    return gid


def test_pack_carries_marking_page_numbers_reference_and_figures_on_every_page(workspace, subject, tmp_path):
    data = workspace.read(reports.assessment_pack, subject)
    assert data.marking.value == "SECRET"  # the requirement is SECRET: so is every page
    path = build_pack(data, tmp_path / "pack.pdf", produced_by="Admin User (admin)", today=TODAY)
    text = pages(path)
    assert len(text) >= 3
    for n, page in enumerate(text, start=1):
        lines = [ln.strip() for ln in page.strip().splitlines() if ln.strip()]
        assert lines[0] == "SECRET" and lines[-1] == "SECRET", (n, lines[0], lines[-1])
        assert f"Page {n} of {len(text)}" in page and f"OCG-{TODAY.year}-0001" in page
        assert f"Produced {TODAY:%d %B %Y} by Admin User (admin)" in page
    whole = "\n".join(text)
    assert "MoRiLE: Risk score 11.7 · Moderate · priority P3" in whole
    assert "OCGM: OCGM threat score 70 · Band A" in whole
    # how each figure was reached, in the scheme's own words as on screen: never its identifiers (#22)
    assert "Harm before multipliers (8) × Geographic scope (1.5)" in whole and "(1.5) = 18.00" in whole
    assert "MoRiLE version 1.0 · assessment version 1" in whole
    assert not any(internal in whole for internal in ("morile-reference", "ocgm-reference", "harm_subtotal",
                                                      "risk_band", "total_harm"))
    assert "Based on force and NCA reporting" in whole
    assert "ИВАНОВ, Сергей" in whole and "ÖZTÜRK, Burak" in whole   # any script renders (embedded font)
    assert "Who launders the cash?" in whole and "Outlying assessment" in whole


def test_a_subject_without_assessments_still_prints(workspace, tmp_path):
    with workspace.operation("t") as uow:
        vid = registers.create_vulnerability(uow, {"name": "Eastvale port", "category": "place",
                                                   "marking": "OFFICIAL"}).id
    data = workspace.read(reports.assessment_pack, vid)
    text = "\n".join(pages(build_pack(data, tmp_path / "v.pdf", produced_by="A", today=TODAY)))
    assert "No MoRiLE or OCGM assessment has been made" in text and "OFFICIAL" in text


def test_cli_report_pack_is_audited(workspace, subject, tmp_path):
    from sqlalchemy import text

    from rocta_desktop.services.workspace import Workspace
    from tests.cli.test_cli import rocta
    from tests.conftest import ADMIN_PASSWORD
    workspace.close()
    out = tmp_path / "pack.pdf"
    r = rocta("report", "pack", str(workspace.path), f"ocg-{TODAY.year}-0001", "--user", "admin", "--out", str(out),
              env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert r.returncode == 0, r.stderr
    assert "Page 1 of" in pages(out)[0]
    missing = rocta("report", "pack", str(workspace.path), f"OCG-{TODAY.year}-0099", "--user", "admin", "--out", str(out),
                    env={"ROCTA_PASSWORD": ADMIN_PASSWORD})
    assert missing.returncode == 2 and f"no subject OCG-{TODAY.year}-0099" in missing.stderr
    with Workspace.open(workspace.path, "admin", ADMIN_PASSWORD) as ws, ws.reader() as s:
        summary = s.execute(text("SELECT summary FROM audit_events WHERE action = 'export.pack'")).scalar()
    assert "pack.pdf (SECRET" in summary


def test_tcg_pack_and_threat_profile(workspace, subject, tmp_path):
    from rocta_desktop.exchange.pdf.reports import build_profile, build_tcg
    from rocta_desktop.services import impact
    tcg = workspace.read(reports.tcg_pack, top=5)
    assert [r[1] for r in tcg.priority.rows] == [f"OCG-{TODAY.year}-0001"] and len(tcg.subjects) == 1
    text = pages(build_tcg(tcg, tmp_path / "tcg.pdf", produced_by="Admin User (admin)", today=TODAY))
    for n, page in enumerate(text, start=1):
        lines = [ln.strip() for ln in page.strip().splitlines() if ln.strip()]
        assert lines[0] == tcg.marking.value == lines[-1] and f"Page {n} of {len(text)}" in page
    whole = "\n".join(text)
    for heading in ("Priority list", "New and changed threats since the last T&CG", "Tasking decisions needed",
                    "Capacity and demand", "High-priority threats with no owner", "MoRiLE: Risk score 11.7"):
        assert heading in whole, heading
    with workspace.operation("d") as uow:
        did, _ = impact.create(uow, {"subject_id": subject, "occurred_on": iso(-55), "four_p": "pursue",
                                     "tactic": "Warrants", "grade": "major",
                                     "outcomes": [{"kind": "arrests", "quantity": 4}]}, today=TODAY)
        impact.submit(uow, did)
    profile = workspace.read(reports.threat_profile, period=str(days(-55).year), today=TODAY)
    assert profile.contribution["disruptions"] == 0  # not approved yet: not counted
    text = "\n".join(pages(build_profile(profile, tmp_path / "p.pdf", produced_by="A", today=TODAY)))
    assert "Regional threat profile" in text and "Risk matrix: harm against likelihood" in text
    assert "Disruptions by agency" in text and "Best practice" in text


def test_pack_has_the_4p_plan_tasking_and_disruptions(workspace, team, subject, tmp_path):
    from rocta_desktop.services import impact, tasking
    sam = team.open("sam")
    nca = workspace.read(lambda s: s.query(Agency).filter_by(code="NCA").one().id)
    workspace.write("p", impact.save_plan, subject, "DCI Moss")
    workspace.write("p", impact.add_action, subject, "protect", "Brief the port on the couriers", "DS Lee",
                    iso(6))
    workspace.write("p", impact.add_action, subject, "pursue", "Target the principals' finances", "DI Khan",
                    iso(51))
    workspace.write("t", tasking.create_request, {"subject_id": subject, "objective": "Map the supply route",
                                                  "requester": "DI Moss", "four_p": "pursue"}, today=TODAY)
    did, ref = workspace.write("d", impact.create, {
        "subject_id": subject, "occurred_on": iso(-23), "four_p": "pursue", "tactic": "Warrant",
        "grade": "major", "lead_agency_id": nca, "outcomes": [{"kind": "arrests", "quantity": 3}]}, today=TODAY)
    workspace.write("d", impact.submit, did)
    sam.write("d", impact.approve, did)
    workspace.write("d", impact.create, {"subject_id": subject, "occurred_on": iso(-22), "four_p": "prevent",
                                         "tactic": "Draft not printed", "grade": "minor"}, today=TODAY)
    data = workspace.read(reports.assessment_pack, subject)
    titles = [s.title for s in data.sections]
    assert titles[-3:] == ["4P plan", "Tasking requests", "Disruptions (approved)"]
    plan = data.sections[-3]
    assert [r[0] for r in plan.rows] == ["Pursue", "Protect"]  # in 4P order
    whole = "\n".join(pages(build_pack(data, tmp_path / "pack.pdf", produced_by="t", today=TODAY)))
    for text in ("Plan owner: DCI Moss.", "Brief the port on the couriers", "Map the supply route", ref,
                 "Warrant", "Arrests 3"):
        assert text in whole, text
    assert "Draft not printed" not in whole


def test_a_nominal_pack_lists_known_associates(workspace, tmp_path):
    with workspace.operation("test") as uow:
        kit = registers.create_nominal(uow, {"surname": "Lane", "forenames": "Kit", "marking": "OFFICIAL"}).id
        jo = registers.create_nominal(uow, {"surname": "Hart", "forenames": "Jo", "marking": "SECRET"}).id
        registers.associate_nominals(uow, jo, kit, "drives for")  # stored as a pair either way round
    data = workspace.read(reports.assessment_pack, kit)
    associates = next(s for s in data.sections if s.title == "Known associates")
    assert [r[1:] for r in associates.rows] == [["HART, Jo", "drives for"]]
    assert data.marking.value == "SECRET"  # the associate's marking lifts the pack's
    whole = "\n".join(pages(build_pack(data, tmp_path / "pack.pdf", produced_by="t", today=TODAY)))
    assert "Known associates" in whole and "HART, Jo" in whole and "drives for" in whole


# ------------------------------------------------------------------ the analyst's first hour (#22)

def words(path, page_no):
    """The words of one page with their boxes (pdftotext -bbox): [(text, xMin, yMin, xMax, yMax)]."""
    import re
    html = subprocess.run([pdftotext(), "-bbox", "-f", str(page_no), "-l", str(page_no), str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [(m.group(5), *(float(m.group(i)) for i in range(1, 5))) for m in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)]


def test_an_assessment_not_approved_is_named_but_never_printed_as_a_result(workspace, team, tmp_path):
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "regional"}).id
    morile = workspace.write("a", assessments.start, gid, "morile-reference")
    workspace.write("a", assessments.save, morile.id, MORILE_ANSWERS)
    workspace.write("a", assessments.submit, morile.id)
    sam.write("a", assessments.approve, morile.id, today=TODAY)
    again = workspace.write("a", assessments.start, gid, "morile-reference")  # a re-assessment, still a draft
    ocgm = workspace.write("a", assessments.start, gid, "ocgm-reference")     # returned: never approved
    workspace.write("a", assessments.save, ocgm.id, OCGM_ANSWERS)
    workspace.write("a", assessments.submit, ocgm.id)
    sam.write("a", assessments.return_for_changes, ocgm.id, "Say where the firearms come from")
    data = workspace.read(reports.assessment_pack, gid)
    assert list(data.results) == ["MoRiLE"] and set(data.pending) == {"MoRiLE", "OCGM"}
    whole = "\n".join(pages(build_pack(data, tmp_path / "pack.pdf", produced_by="t", today=TODAY)))
    flat = " ".join(whole.split())
    assert "OCGM threat score" not in flat and "Band A" not in flat  # its score nowhere, not in the trend either
    assert (f"OCGM: no approved assessment OCGM {ocgm.reference} (version 1, returned for changes): "
            "DRAFT - not approved. Its answers and score are not printed") in flat
    assert f"Not printed MoRiLE {again.reference} (version 2, draft): DRAFT - not approved" in flat  # the cover
    assert "MoRiLE: Risk score 11.7 · Moderate · priority P3" in flat  # the approved one is the result
    assert (f"A newer MoRiLE {again.reference} (version 2, draft): DRAFT - not approved. It is not printed; "
            f"{morile.reference} above stays the current result") in flat


def test_table_cells_break_between_words_never_inside_one(workspace, subject, tmp_path):
    from rocta_desktop.services import tasking
    workspace.write("t", tasking.create_request, {"subject_id": subject, "objective": "Map the supply route",
                                                  "requester": "DI Moss", "four_p": "pursue"}, today=TODAY)
    data = workspace.read(reports.assessment_pack, subject)
    lines = [ln for page in pages(build_pack(data, tmp_path / "pack.pdf", produced_by="t", today=TODAY))
             for ln in page.splitlines()]
    header = next(ln for ln in lines if "Request" in ln and "Objective" in ln)  # the tasking table's header
    assert "Priority" in header.split(), header
    sections = [ln for ln in lines if "Organisationa" in ln]  # MoRiLE's "Organisational position" section
    assert sections and all("Organisational" in ln for ln in sections), sections
    assert not any(ln.strip() in ("y", "l position") for ln in lines)


def test_the_trend_labels_stay_inside_the_chart(workspace, team, tmp_path):
    sam = team.open("sam")
    with workspace.operation("test") as uow:
        gid = registers.create_group(uow, {"name": "Harbour Crew", "marking": "OFFICIAL",
                                           "management_level": "regional"}).id
    for when in (days(-200), TODAY):  # the latest point is at the chart's right edge
        a = workspace.write("a", assessments.start, gid, "morile-reference")
        workspace.write("a", assessments.save, a.id, MORILE_ANSWERS)
        workspace.write("a", assessments.submit, a.id)
        sam.write("a", assessments.approve, a.id, today=when)
    path = build_pack(workspace.read(reports.assessment_pack, gid), tmp_path / "pack.pdf", produced_by="t",
                      today=TODAY)
    page_no = next(n for n, text in enumerate(pages(path), start=1) if "Assessment history" in text)
    found = words(path, page_no)
    top = next(y0 for text, _x0, y0, _x1, _y1 in found if text == "high")      # the scale's top label
    bottom = next(y1 for text, _x0, _y0, _x1, y1 in found if text == "MoRiLE")  # the legend, under the plot
    chart = [w for w in found if top - 1 <= w[2] and w[4] <= bottom + 1]
    left = next(x1 for text, _x0, _y0, x1, _y1 in chart if text == "low")      # the plot starts after it
    right = max(x1 for text, _x0, _y0, x1, _y1 in chart if text == f"{TODAY:%Y}")  # the last date ends at its edge
    labels = [w for w in chart if w[0] == "Moderate"]
    assert len(labels) == 2, labels
    assert all(left < x0 and x1 <= right + 0.5 and top - 1 <= y0 for _t, x0, y0, x1, _y1 in labels), (labels, right)


def test_the_pack_ends_with_the_subjects_link_chart_marked_and_with_its_legend(workspace, subject, tmp_path):
    """The chart page: the subject and its members by name (other scripts too), the legend, the marking of
    the whole pack at its top and bottom; the chart's own marking is counted into the pack's."""
    data = workspace.read(reports.assessment_pack, subject)
    assert data.chart is not None and data.chart.marking.rank <= data.marking.rank
    assert {n.label for n in data.chart.nodes} >= {"ИВАНОВ, Сергей", "KOWALSKI, Jan", "ÖZTÜRK, Burak"}
    text = pages(build_pack(data, tmp_path / "pack.pdf", produced_by="Admin User (admin)", today=TODAY))
    chart_page = text[-1]
    lines = [ln.strip() for ln in chart_page.strip().splitlines() if ln.strip()]
    assert lines[0] == "SECRET" and lines[-1] == "SECRET" and "Link chart" in chart_page
    assert "ИВАНОВ, Сергей" in chart_page and "Harbour Crew" in chart_page and f"OCG-{TODAY.year}-0001" in chart_page
    assert "Principal" in chart_page and "Member of" in chart_page   # the legend
    assert "4 records (1 group, 3 nominals, 0 vulnerabilities), 3 links" in chart_page

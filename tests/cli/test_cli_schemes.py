"""`rocta scheme` and `rocta score`: a scheme can be checked and scored outside the GUI."""

import json

from tests.cli.test_cli import cli_ws, rocta  # noqa: F401 - fixture reused
from tests.domain.test_schemes import MORILE_ANSWERS, _minimal


def test_scheme_list_and_show():
    r = rocta("scheme", "list", "--json")
    assert r.returncode == 0, r.stderr
    refs = [s["ref"] for s in json.loads(r.stdout)["schemes"]]
    assert refs == ["morile-reference@1.0", "ocgm-reference@1.0"]
    shown = rocta("scheme", "show", "ocgm-reference@1.0")
    assert shown.returncode == 0 and "threat_score = activity_score + size_score" in shown.stdout
    assert "Band A from 60" in shown.stdout and "REFERENCE SCHEME" in shown.stdout
    missing = rocta("scheme", "show", "nope")
    assert missing.returncode == 2 and "no scheme 'nope'" in missing.stderr


def test_score_prints_the_result_as_json(tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(MORILE_ANSWERS))
    r = rocta("score", "--scheme", "morile-reference@1.0", "--answers", str(answers))
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert result["score"] == 11.7 and result["band"] == ["Moderate"] and result["priority"] == ["P3"]
    assert result["values"]["total_harm"] == 18.0 and result["explanation"]
    answers.write_text(json.dumps({**MORILE_ANSWERS, "physical": "lethal"}))
    bad = rocta("score", "--scheme", "morile-reference", "--answers", str(answers))
    assert bad.returncode == 2 and "physical: 'lethal' is not a level of Physical harm" in bad.stderr
    answers.write_text("{not json")
    broken = rocta("score", "--scheme", "morile-reference", "--answers", str(answers))
    assert broken.returncode == 2 and "line 1, column 2: not valid JSON" in broken.stderr


def test_check_and_score_a_new_scheme_file(tmp_path):
    path = tmp_path / "rocu.json"
    data = _minimal()
    path.write_text(json.dumps(data))
    ok = rocta("scheme", "check", str(path), "--json")
    assert ok.returncode == 0 and json.loads(ok.stdout)["ref"] == "test-scheme@1.0"
    answers = tmp_path / "a.json"
    answers.write_text('{"a": "high", "n": "unknown"}')
    r = rocta("score", "--scheme-file", str(path), "--answers", str(answers))
    result = json.loads(r.stdout)
    assert result["score"] == {"min": 3.0, "max": 7.0} and result["unknown"] == ["n"]
    assert result["band"] == ["Low", "High"] and result["determined"] is False
    data["bands"][0]["bands"][1]["from"] = -3
    path.write_text(json.dumps(data))
    bad = rocta("scheme", "check", str(path))
    assert bad.returncode == 2
    assert "rocu.json: bands[0].bands[1].from: bands must be listed from lowest to highest" in bad.stderr


def test_import_into_a_workspace_then_list_it(cli_ws, tmp_path):  # noqa: F811 - cli_ws is the fixture imported above
    path = tmp_path / "rocu.json"
    data = _minimal()
    data.update(id="rocu-ocgm", version="3")
    path.write_text(json.dumps(data))
    auth = ["--workspace", str(cli_ws["path"]), "--user", "chief", "--password-file", str(cli_ws["pw"])]
    r = rocta("scheme", "import", str(path), *auth)
    assert r.returncode == 0, r.stderr
    listed = rocta("scheme", "list", *auth, "--json")
    assert "rocu-ocgm@3" in [s["ref"] for s in json.loads(listed.stdout)["schemes"]]
    again = rocta("scheme", "import", str(path), *auth)
    assert again.returncode == 1 and "already in this workspace" in again.stderr

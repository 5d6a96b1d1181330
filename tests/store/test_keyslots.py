import json
import os

import pytest

from rocta_desktop.store.keyslots import BadCredentials, KeyFile, KeyFileError, normalise_recovery_key


@pytest.fixture
def kf(tmp_path):
    key = os.urandom(32)
    kf = KeyFile.create(tmp_path / "keyslots.json", "ws-1", key)
    kf.set_password(key, "alice", "alice-password-1")
    recovery = kf.new_recovery(key)
    kf.save()
    return kf, key, recovery


def test_password_and_recovery_unwrap_the_same_key(kf):
    kf, key, recovery = kf
    loaded = KeyFile.load(kf.path)
    assert loaded.unlock_password("alice", "alice-password-1") == key
    assert loaded.unlock_recovery(recovery.lower().replace("-", " ")) == key
    with pytest.raises(BadCredentials):
        loaded.unlock_password("alice", "wrong")
    with pytest.raises(BadCredentials):
        loaded.unlock_password("mallory", "alice-password-1")


def test_key_file_names_no_user_and_holds_no_key(kf):
    kf, key, _ = kf
    raw = kf.path.read_bytes()
    assert b"alice" not in raw
    assert key.hex().encode() not in raw and key not in raw


def test_slots_add_replace_remove(kf):
    kf, key, _ = kf
    kf.set_password(key, "bob", "bob-password-22")
    assert kf.slot_summary() == {"password": 2, "recovery": 1}
    kf.set_password(key, "bob", "bob-new-password")  # replaces, not adds
    assert kf.slot_summary()["password"] == 2
    with pytest.raises(BadCredentials):
        kf.unlock_password("bob", "bob-password-22")
    assert kf.unlock_password("bob", "bob-new-password") == key
    assert kf.remove_user(key, "bob")
    with pytest.raises(BadCredentials):
        kf.unlock_password("bob", "bob-new-password")


def test_new_recovery_key_revokes_old(kf):
    kf, key, old = kf
    new = kf.new_recovery(key)
    assert kf.unlock_recovery(new) == key
    with pytest.raises(BadCredentials):
        kf.unlock_recovery(old)


def test_tampered_slot_list_is_detected(kf):
    kf, key, _ = kf
    data = json.loads(kf.path.read_bytes())
    data["slots"] = data["slots"][::-1] + [dict(data["slots"][0], id="feedfeedfeedfeed")]
    kf.path.write_text(json.dumps(data))
    with pytest.raises(KeyFileError, match="altered"):
        KeyFile.load(kf.path).unlock_password("alice", "alice-password-1")


def test_swapping_a_slot_to_another_user_fails(kf):
    kf, key, _ = kf
    kf.set_password(key, "bob", "bob-password-22")
    kf.save()
    data = json.loads(kf.path.read_bytes())
    # give bob's slot alice's tag: the AES-GCM associated data no longer matches
    tags = [s.get("tag") for s in data["slots"]]
    data["slots"][1]["tag"], data["slots"][0]["tag"] = tags[0], tags[1]
    kf.path.write_text(json.dumps(data))
    with pytest.raises((BadCredentials, KeyFileError)):
        KeyFile.load(kf.path).unlock_password("alice", "bob-password-22")


@pytest.mark.parametrize("content, message", [
    (b"", "damaged"), (b"{not json", "damaged"), (b'{"format": "other"}', "not a ROCTA key file"),
    (b"\xff\xfe garbage", "damaged"),
])
def test_damaged_key_file_messages(tmp_path, content, message):
    p = tmp_path / "keyslots.json"
    p.write_bytes(content)
    with pytest.raises(KeyFileError, match=message):
        KeyFile.load(p)


def test_missing_key_file(tmp_path):
    with pytest.raises(KeyFileError, match="missing"):
        KeyFile.load(tmp_path / "keyslots.json")


def test_recovery_key_format_is_checked():
    with pytest.raises(BadCredentials, match="not a recovery key"):
        normalise_recovery_key("ABC")

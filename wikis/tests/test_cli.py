import io
import json

import pytest
from django.core.management import CommandError, call_command

from wikis.models import ConfigAuditEntry, Wiki


def run(*args, stdin=None, monkeypatch=None):
    out, err = io.StringIO(), io.StringIO()
    call_command("wikiconfig", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_the_configuration_in_force(wiki, tmp_path):
    target = tmp_path / "demowiki.json"
    out, _ = run("export", "demowiki", str(target))
    assert json.loads(target.read_text()) == wiki.config
    assert f"r{wiki.current_revision.pk}" in out
    stdout, _ = run("export", "demowiki")
    assert json.loads(stdout) == wiki.config


def test_export_of_an_unknown_wiki_fails(db):
    with pytest.raises(CommandError):
        run("export", "nowiki")


def test_validate_accepts_a_good_file_and_refuses_a_bad_one(wiki, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(wiki.config))
    out, _ = run("validate", "demowiki", str(good))
    assert "valid" in out
    data = wiki.config
    data["rate_limits"]["new_user_per_day"] = "one"
    data["password"] = "hunter2"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="2 error"):
        out, err = run("validate", "demowiki", str(bad))


def test_validate_reports_each_error_with_its_path(wiki, tmp_path, capsys):
    data = wiki.config
    data["rate_limits"]["new_user_per_day"] = "one"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "wikiconfig", "validate", "demowiki", str(bad), stderr=err, stdout=io.StringIO()
        )
    assert "error: /rate_limits/new_user_per_day: Must be a whole number." in err.getvalue()


def test_validate_refuses_a_file_that_is_not_json(wiki, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("validate", "demowiki", str(bad))


def test_import_saves_a_new_revision_with_its_summary(wiki, tmp_path):
    data = wiki.config
    data["emergency"]["response_time_hours"] = 4
    source = tmp_path / "demowiki.json"
    source.write_text(json.dumps(data))
    out, _ = run("import", "demowiki", str(source), "--summary", "From git")
    revision = wiki.current_revision
    assert f"saved as revision r{revision.pk}" in out
    assert revision.summary == "From git"
    assert revision.data["emergency"]["response_time_hours"] == 4
    entry = ConfigAuditEntry.objects.get(revision=revision)
    assert entry.action == "import"
    assert entry.actor_name.startswith("cli:")
    out, _ = run("import", "demowiki", str(source), "--summary", "again")
    assert "no change" in out


def test_import_of_an_invalid_file_saves_nothing(wiki, tmp_path):
    data = wiki.config
    data["non_emergency"]["types"][0]["key"] = "forged"
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="nothing saved"):
        run("import", "demowiki", str(source), "--summary", "x")
    assert wiki.config_revisions.count() == 1


def test_import_creates_a_missing_wiki_only_when_asked(db, tmp_path):
    source = tmp_path / "new.json"
    source.write_text(
        json.dumps({"wiki": {"name": "New Wiki", "base_url": "https://new.example.org"}})
    )
    with pytest.raises(CommandError, match="--create"):
        run("import", "newwiki", str(source))
    assert not Wiki.objects.filter(slug="newwiki").exists()
    run("import", "newwiki", str(source), "--create", "--summary", "Set up")
    wiki = Wiki.objects.get(slug="newwiki")
    assert wiki.name == "New Wiki"
    assert wiki.config["rate_limits"]["autoconfirmed_per_day"] == 5  # defaults filled in
    assert ConfigAuditEntry.objects.get(wiki=wiki).action == "create"


def test_import_refuses_a_bad_wiki_name(db, tmp_path):
    source = tmp_path / "new.json"
    source.write_text(json.dumps({"wiki": {"name": "X"}}))
    with pytest.raises(CommandError, match="not a valid wiki name"):
        run("import", "bad/name", str(source), "--create")


def test_admins_can_be_listed_added_and_removed(wiki, reporter, wiki_admin):
    out, _ = run("admins", "demowiki", "--add", "Reporter")
    assert out.split() == ["Reporter", "WikiAdmin"]
    assert wiki.is_admin(reporter)
    out, _ = run("admins", "demowiki", "--remove", "WikiAdmin")
    assert out.split() == ["Reporter"]
    with pytest.raises(CommandError, match="No user"):
        run("admins", "demowiki", "--add", "Nobody")

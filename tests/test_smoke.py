from tests.sitebuild import build_site, make_site


def test_repo_site_builds_strict(tmp_path):
    result = build_site(make_site(tmp_path, use_repo_docs=True))
    assert (result.site / "index.html").exists()
    assert (result.site / "en" / "index.html").exists()
    assert not result.warnings

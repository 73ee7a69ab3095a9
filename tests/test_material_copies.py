"""Our copies of Material's templates differ from the installed originals only by the recorded,
reviewed changes (tests/material_copies.py says how to record them again)."""

from __future__ import annotations

import pytest

from tests.material_copies import COPIES, OVERRIDES, RECORDED, Copy, diff


@pytest.mark.parametrize("copy", COPIES, ids=lambda c: c.ours)
def test_copy_differs_from_material_only_by_the_recorded_change(copy: Copy) -> None:
    recorded = (RECORDED / copy.name).read_text(encoding="utf-8")
    assert diff(copy) == recorded, (
        f"overrides/{copy.ours} no longer differs from Material's {copy.original} by the "
        f"recorded tests/material-copies/{copy.name}: Material changed the original (an "
        "upgrade) or our copy changed. Review both, then record the diff again with "
        "`python -m tests.material_copies --update`."
    )


def test_every_copy_is_listed() -> None:
    """A template that says it is a copy of Material's is compared too."""
    listed = {c.ours.partition("#")[0] for c in COPIES}
    copies = {
        str(p.relative_to(OVERRIDES)) for p in OVERRIDES.rglob("*.html")
        if "Material" in p.read_text(encoding="utf-8")[:300]
    }
    assert copies <= listed, f"copies of Material's templates not compared: {copies - listed}"


def test_a_changed_original_is_noticed(tmp_path, monkeypatch) -> None:
    """The comparison fails when Material's original changes (as an upgrade would)."""
    import tests.material_copies as mc

    fake = tmp_path / "templates"
    (fake / "partials").mkdir(parents=True)
    copy = Copy("partials/toc.html", "partials/toc.html")
    original = (mc.MATERIAL / copy.original).read_text(encoding="utf-8")
    (fake / copy.original).write_text(original.replace("md-nav", "md-nav-v10", 1))
    before = diff(copy)
    monkeypatch.setattr(mc, "MATERIAL", fake)
    assert diff(copy) != before

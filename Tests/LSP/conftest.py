"""Shared set-up of the language server's end-to-end tests (SPEC 21): a copy of the repository's partners folder as
the workspace, and the built `partner-rules` (PARTNER_RULES_CLI, else .build/debug/partner-rules)."""

import os
import pathlib
import shutil
import tempfile

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("PARTNER_RULES_CLI") or str(REPOSITORY / ".build/debug/partner-rules")
_scale = os.environ.get("PARTNER_RULES_TIMEOUT_SCALE", "1")
PATIENCE = int(_scale) if _scale.isdigit() and 1 <= int(_scale) <= 100 else 1


def make_workspace() -> pathlib.Path:
    """A fresh folder with partners/ (and partners/tests/) and schemas/ copied from the repository."""
    root = pathlib.Path(tempfile.mkdtemp(prefix="partner-rules-lsp-"))
    shutil.copytree(REPOSITORY / "partners", root / "partners")
    shutil.copytree(REPOSITORY / "schemas", root / "schemas")
    return root


WORKSPACE = make_workspace()

"""The language server driven by Neovim (Debian's 0.7), headless: Tests/LSP/neovim.lua. Fails when nvim is missing."""

import os
import shutil
import subprocess

from conftest import CLI, PATIENCE, REPOSITORY, make_workspace


def test_neovim_gets_diagnostics_hover_and_definition():
    nvim = shutil.which("nvim")
    assert nvim, "nvim is not on PATH (apt-get install neovim)"
    workspace = make_workspace()
    environment = dict(os.environ, PARTNER_RULES_CLI=CLI, PARTNER_RULES_WORKSPACE=str(workspace), PARTNER_RULES_TIMEOUT_SCALE=str(PATIENCE))
    result = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-c", f"luafile {REPOSITORY / 'Tests/LSP/neovim.lua'}"],
        capture_output=True, text=True, timeout=120 * PATIENCE, env=environment, stdin=subprocess.DEVNULL,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.count("PASS ") == 3, output

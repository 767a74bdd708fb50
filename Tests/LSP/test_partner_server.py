"""End-to-end tests of `partner-rules lsp` with a real LSP client (pytest-lsp) over standard input and output.

Run by Tests/LanguageServerTests/EditorClientTests.swift under `tools/test`; by hand, after `swift build`:

    python3 -m pytest Tests/LSP -q
"""

import asyncio
import json
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from conftest import CLI, PATIENCE, WORKSPACE

PARTNERS = WORKSPACE / "partners"


def uri(path) -> str:
    return path.as_uri()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[CLI, "lsp", "--debounce", "20"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            root_uri=uri(WORKSPACE),
            workspace_folders=[types.WorkspaceFolder(uri=uri(WORKSPACE), name="workspace")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_document(client: LanguageClient, path, text: str, version: int = 1) -> str:
    document = uri(path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=document, language_id="yaml", version=version, text=text))
    )
    return document


def change_document(client: LanguageClient, document: str, text: str, version: int):
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_where(client: LanguageClient, document: str, holds, timeout: float = 20):
    """Waits until the diagnostics published for `document` satisfy `holds`; returns them."""

    async def wait():
        while True:
            found = client.diagnostics.get(document)
            if found is not None and holds(found):
                return found
            await client.wait_for_notification("textDocument/publishDiagnostics")

    return await asyncio.wait_for(wait(), timeout * PATIENCE)


def remerge_text() -> str:
    return (PARTNERS / "remerge.yaml").read_text()


def with_slip() -> str:
    """remerge.yaml with an item indented under `any_of: []` (SPEC 18's example of a slip)."""
    return remerge_text().replace("  any_of: []\n", "  any_of: []\n    - Admin\n", 1)


def lint_json(path) -> list:
    result = subprocess.run([CLI, "lint", str(path), "--format", "json"], capture_output=True, text=True, timeout=60 * PATIENCE)
    return json.loads(result.stdout)


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of `needle` (plus `offset` characters) in `text`, in UTF-16 units as LSP counts."""
    index = text.index(needle) + offset
    before = text[:index]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1 :]
    return types.Position(line=line, character=len(column.encode("utf-16-le")) // 2)


@pytest.mark.asyncio
async def test_a_slip_is_reported_at_its_line_with_the_words_of_lint(client: LanguageClient):
    document = open_document(client, PARTNERS / "remerge.yaml", with_slip())
    found = await diagnostics_where(client, document, lambda found: any(d.code == "yaml-syntax" for d in found))
    slip = next(d for d in found if d.code == "yaml-syntax")
    assert slip.range.start.line == 12, slip
    assert slip.severity == types.DiagnosticSeverity.Error
    # The same words as `lint` gives for the same text.
    copy = WORKSPACE / "slip" / "remerge.yaml"
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(with_slip())
    expected = [f for f in lint_json(copy) if f["code"] == "yaml-syntax"]
    assert [slip.message] == [f["message"] for f in expected]


@pytest.mark.asyncio
async def test_quick_fixes_are_the_engines_proven_fixes_and_applied_leave_no_error(client: LanguageClient):
    text = with_slip()
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    found = await diagnostics_where(client, document, lambda found: any(d.code == "yaml-syntax" for d in found))
    slip = next(d for d in found if d.code == "yaml-syntax")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=slip.range,
            context=types.CodeActionContext(diagnostics=[slip]),
        )
    )
    copy = WORKSPACE / "slip" / "remerge.yaml"
    copy.parent.mkdir(exist_ok=True)
    copy.write_text(text)
    engine_fixes = [f["fix"] for f in lint_json(copy) if f["code"] == "yaml-syntax" and "fix" in f]
    # The editor offers exactly what the engine proved (SPEC 18), no guess of its own.
    assert [a.title for a in actions or []] == [f["description"] for f in engine_fixes]
    for action in actions or []:
        edits = action.edit.changes[document]
        fixed = apply_edits(text, edits)
        change_document(client, document, fixed, 2)
        await diagnostics_where(client, document, lambda found: not any(d.severity == types.DiagnosticSeverity.Error for d in found))


def apply_edits(text: str, edits) -> str:
    lines = text.split("\n")

    def offset(position):
        before = sum(len(line) + 1 for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return before + len(units)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio
async def test_an_unsaved_file_copying_a_media_source_is_reported_in_both_files(client: LanguageClient):
    copied = remerge_text().replace("id: remerge", "id: copycat").replace("name: Remerge", "name: Copycat")
    new = open_document(client, PARTNERS / "copycat.yaml", copied)
    mine = await diagnostics_where(client, new, lambda found: any(d.code == "duplicate-media-source" for d in found))
    theirs = await diagnostics_where(client, uri(PARTNERS / "remerge.yaml"), lambda found: any(d.code == "duplicate-media-source" for d in found))
    assert any("remerge_int" in d.message for d in mine)
    assert any("remerge_int" in d.message for d in theirs)
    # Closing the unsaved buffer takes the copy out of the catalog again: the other file is clean.
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=new)))
    await diagnostics_where(client, uri(PARTNERS / "remerge.yaml"), lambda found: not any(d.code == "duplicate-media-source" for d in found))


@pytest.mark.asyncio
async def test_hover_on_a_key_gives_its_meaning_allowed_values_and_default(client: LanguageClient):
    text = remerge_text()
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    schema = json.loads((WORKSPACE / "schemas/partner.schema.json").read_text())
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "auth:", 1))
    )
    assert hover is not None
    assert schema["properties"]["auth"]["description"] in hover.contents.value
    assert "`credentials`" in hover.contents.value and "`oauth`" in hover.contents.value
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "per_user:", 1))
    )
    assert "Default: `false`" in hover.contents.value
    # On a credential field: how the form shows it.
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "kind: password", 7))
    )
    assert '"Password"' in hover.contents.value and "hidden" in hover.contents.value


@pytest.mark.asyncio
async def test_completion_of_enum_values_and_of_ad_types_used_in_the_catalog(client: LanguageClient):
    text = remerge_text().replace("auth: credentials", "auth: ")
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "auth: ", 6))
    )
    labels = {item.label for item in completion.items}
    assert {"credentials", "oauth"} <= labels, labels

    used = set()
    import yaml

    for path in PARTNERS.glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        if isinstance(data, dict) and isinstance(data.get("ad_types"), dict):
            for names in data["ad_types"].values():
                for name in names or []:
                    used.add(name if isinstance(name, str) else name.get("name"))
    assert used, "the catalog lists no ad type"
    text = remerge_text().replace("  unsupported: []\n", "  unsupported:\n    - \n")
    change_document(client, document, text, 2)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "  unsupported:\n    - ", len("  unsupported:\n    - ")))
    )
    labels = {item.label for item in completion.items}
    assert used <= labels, used - labels


@pytest.mark.asyncio
async def test_completion_of_keys_valid_at_the_position(client: LanguageClient):
    text = remerge_text().replace("    kind: email\n", "    kind: email\n    he\n", 1)
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    completion = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "    he\n", 6))
    )
    labels = {item.label for item in completion.items}
    assert {"help", "secret", "fallback", "pattern"} <= labels, labels
    assert "media_sources" not in labels


@pytest.mark.asyncio
async def test_definition_from_a_tests_partner_to_the_partner_file(client: LanguageClient):
    text = (PARTNERS / "tests/remerge.yaml").read_text()
    document = open_document(client, PARTNERS / "tests/remerge.yaml", text)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=document), position=position_of(text, "partner: Remerge", 10))
    )
    assert found, "no definition"
    locations = found if isinstance(found, list) else [found]
    assert any(location.uri == uri(PARTNERS / "remerge.yaml") for location in locations), locations
    # And back: the references of the media source include the test files that use the partner's source.
    partner = remerge_text()
    open_document(client, PARTNERS / "remerge.yaml", partner)
    references = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=types.TextDocumentIdentifier(uri=uri(PARTNERS / "remerge.yaml")),
            position=position_of(partner, "remerge_int", 2),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert any(location.uri == uri(PARTNERS / "remerge.yaml") for location in references)


@pytest.mark.asyncio
async def test_a_failing_test_case_is_shown_in_the_test_file(client: LanguageClient):
    text = (PARTNERS / "tests/remerge.yaml").read_text()
    failing = text.replace("      valid: true\n", "      valid: false\n", 1)
    assert failing != text
    document = open_document(client, PARTNERS / "tests/remerge.yaml", failing)
    found = await diagnostics_where(client, document, lambda found: any("fails" in d.message for d in found))
    failure = next(d for d in found if "fails" in d.message)
    assert failure.range.start.line == position_of(failing, "  - name: the Remerge credentials").line
    assert "valid: expected false, got true" in failure.message
    # Put right, the case passes and its diagnostic goes.
    change_document(client, document, text, 2)
    await diagnostics_where(client, document, lambda found: not any("fails" in d.message for d in found))


@pytest.mark.asyncio
async def test_outline(client: LanguageClient):
    text = remerge_text()
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=types.TextDocumentIdentifier(uri=document))
    )
    names = [symbol.name for symbol in symbols]
    assert names[:4] == ["id", "name", "media_sources", "aliases"], names
    credentials = next(symbol for symbol in symbols if symbol.name == "credentials")
    assert [child.name for child in credentials.children] == ["key: email", "key: password"]


@pytest.mark.asyncio
async def test_bad_buffers_get_a_diagnostic_and_the_server_keeps_serving(client: LanguageClient):
    huge = "# yaml-language-server: $schema=../schemas/partner.schema.json\n" + ("# padding\n" * 1_100_000)
    big = open_document(client, PARTNERS / "huge.yaml", huge)
    found = await diagnostics_where(client, big, lambda found: len(found) > 0, timeout=60)
    assert any(d.code == "yaml-too-large" for d in found), found
    binary = open_document(client, PARTNERS / "binary.yaml", "\x00\x01\x02\x7fELF\x00\ufffd" * 100)
    found = await diagnostics_where(client, binary, lambda found: len(found) > 0)
    assert all(d.severity == types.DiagnosticSeverity.Error for d in found[:1])
    outside = WORKSPACE.parent / (WORKSPACE.name + "-elsewhere") / "acme.yaml"
    far = open_document(client, outside, remerge_text().replace("auth: credentials", "auth: sometimes"))
    found = await diagnostics_where(client, far, lambda found: len(found) > 0)
    assert any(d.code == "unknown-value" for d in found), found
    # Unknown requests get MethodNotFound; the server still answers after it.
    with pytest.raises(Exception) as raised:
        await client.protocol.send_request_async("partnerRules/unknown", {})
    assert "-32601" in str(raised.value) or "not answer" in str(raised.value)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=big), position=types.Position(line=0, character=0))
    )
    assert hover is None or hover.contents is not None


@pytest.mark.asyncio
async def test_only_the_last_version_of_a_fast_edited_buffer_is_answered(client: LanguageClient):
    text = remerge_text()
    document = open_document(client, PARTNERS / "remerge.yaml", text)
    for version in range(2, 202):
        change_document(client, document, text.replace("auth: credentials", f"auth: v{version}"), version)
    found = await diagnostics_where(client, document, lambda found: any("v201" in d.message for d in found))
    assert not any("v200" in d.message for d in found)

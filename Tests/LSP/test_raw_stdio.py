"""Malformed JSON-RPC over the real standard input: each bad frame gets an error answer (or is skipped) and the
server keeps serving the frames after it; `exit` ends it."""

import json
import subprocess

from conftest import CLI, PATIENCE, WORKSPACE


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_messages(stream):
    messages = []
    while True:
        length = None
        while True:
            line = stream.readline()
            if not line:
                return messages
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        messages.append(json.loads(stream.read(length)))


def test_bad_frames_are_answered_and_the_server_keeps_serving():
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": WORKSPACE.as_uri(), "capabilities": {}}}
    hover = {
        "jsonrpc": "2.0", "id": 9, "method": "textDocument/hover",
        "params": {"textDocument": {"uri": (WORKSPACE / "partners/remerge.yaml").as_uri()}, "position": {"line": 5, "character": 1}},
    }
    stream = b"".join([
        b"Content-Type: nothing\r\n\r\n",  # a header with no length
        frame(b"{not json"),
        frame(b"[1, 2, 3]"),
        frame(json.dumps(initialize).encode()),
        frame(b'{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":1,"position":"x"}}'),
        frame(b'{"jsonrpc":"2.0","id":3,"method":"no/such/method","params":{}}'),
        frame(b'{"jsonrpc":"2.0","method":"no/such/notification","params":{}}'),
        frame(b"\xff\xfe\x00binary"),
        frame(json.dumps(hover).encode()),
        frame(b'{"jsonrpc":"2.0","id":4,"method":"shutdown"}'),
        frame(b'{"jsonrpc":"2.0","method":"exit"}'),
    ])
    result = subprocess.run([CLI, "lsp", "--debounce", "0"], input=stream, capture_output=True, timeout=60 * PATIENCE)
    assert result.returncode == 0, result.stderr
    import io

    messages = read_messages(io.BytesIO(result.stdout))
    answers = {m.get("id"): m for m in messages if "method" not in m}
    errors = [m["error"]["code"] for m in messages if "error" in m]
    assert errors.count(-32700) >= 3, messages  # the header, the bad JSON, the binary frame
    assert -32600 in errors  # a list, not a message
    assert answers[2]["error"]["code"] == -32602
    assert answers[3]["error"]["code"] == -32601
    assert "capabilities" in answers[1]["result"]
    assert "**auth**" in answers[9]["result"]["contents"]["value"]
    assert answers[4]["result"] is None


def test_closing_the_input_ends_the_server():
    result = subprocess.run([CLI, "lsp"], input=b"", capture_output=True, timeout=30 * PATIENCE)
    assert result.returncode == 0

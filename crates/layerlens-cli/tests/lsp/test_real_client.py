"""`layerlens lsp` driven by pytest-lsp (a language client made for testing servers, from PyPI)
on real Dockerfiles from ../shared/corpus that nobody here wrote: diagnostics arrive with hadolint's
codes, hover explains a RUN, every FROM/RUN/COPY/ADD line has a size hint, a finding offers a
code action with an edit, and a change adding an apt-get install gets fresh diagnostics within
500 ms. Run by scripts/test; LAYERLENS_BIN names the binary (default target/debug/layerlens)."""

import os
import pathlib
import re
import time

import pytest
import pytest_lsp
from lsprotocol import types as t
from pytest_lsp import ClientServerConfig, LanguageClient

ROOT = pathlib.Path(__file__).resolve().parents[4]
BIN = os.environ.get("LAYERLENS_BIN", str(ROOT / "target" / "debug" / "layerlens"))
CORPUS = pathlib.Path(os.environ.get("LAYERLENS_SHARED", ROOT.parent / "shared")) / "corpus" / "dockerfiles"


def sample():
    """Every 40th corpus file with a RUN (sorted by name): 25 or so files, always the same."""
    if not CORPUS.is_dir():
        return []
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    picked = []
    for p in files[::40]:
        text = p.read_text(errors="replace")
        if re.search(r"^\s*RUN\s", text, re.M | re.I):
            picked.append(p)
    return picked


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        t.InitializeParams(
            capabilities=t.ClientCapabilities(),
            root_uri=CORPUS.as_uri() if CORPUS.is_dir() else None,
            initialization_options={"context": False},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def open_doc(client, path, text):
    uri = path.as_uri()
    client.text_document_did_open(
        t.DidOpenTextDocumentParams(
            text_document=t.TextDocumentItem(uri=uri, language_id="dockerfile", version=1, text=text)
        )
    )
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


def instruction_lines(text):
    """0-based (start line, end line, keyword) of each instruction, continuations followed."""
    out, lines, i = [], text.split("\n"), 0
    # A `# escape=`` directive at the top changes the continuation character.
    esc = "\\"
    for l in lines:
        m = re.match(r"#\s*escape\s*=\s*(\S)", l.strip(), re.I)
        if m:
            esc = m.group(1)
        if not l.strip().startswith("#"):
            break
    while i < len(lines):
        m = re.match(r"\s*([A-Za-z]+)\b", lines[i])
        if not m or lines[i].lstrip().startswith("#"):
            i += 1
            continue
        start, kw = i, m.group(1).upper()
        heredoc = re.search(r"<<-?\s*['\"]?([A-Za-z_]+)", lines[i])
        if heredoc:
            end_word = heredoc.group(1)
            i += 1
            while i < len(lines) and lines[i].strip() != end_word:
                i += 1
        else:
            while i < len(lines) and lines[i].rstrip().endswith(esc):
                i += 1
                while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                    i += 1
        out.append((start, min(i, len(lines) - 1), kw))
        i += 1
    return out


@pytest.mark.skipif(not sample(), reason="../shared/corpus is absent")
async def test_real_dockerfiles(client: LanguageClient):
    files = sample()
    dl_codes = 0
    actions_with_edit = 0
    for path in files:
        text = path.read_text(errors="replace")
        uri = await open_doc(client, path, text)
        diags = client.diagnostics.get(uri, [])
        for d in diags:
            assert d.source == "layerlens"
            if d.data and d.code and str(d.code).startswith("DL"):
                dl_codes += 1
                assert d.code_description.href.endswith(str(d.code))
        # Hover on the first RUN explains it.
        lines = instruction_lines(text)
        run = next((l for l in lines if l[2] == "RUN"), None)
        if run:
            h = await client.text_document_hover_async(
                t.HoverParams(text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=run[0], character=1))
            )
            assert h is not None and "RUN" in h.contents.value, path.name
        # Every FROM/RUN/COPY/ADD has a size hint at its last line.
        hints = await client.text_document_inlay_hint_async(
            t.InlayHintParams(
                text_document=t.TextDocumentIdentifier(uri=uri),
                range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=len(text.split("\n")), character=0)),
            )
        )
        hinted = {h.position.line for h in hints or []}
        for start, end, kw in lines:
            if kw in ("FROM", "RUN", "COPY", "ADD"):
                assert end in hinted or start in hinted, f"{path.name}: no size hint for {kw} at line {start + 1}"
        # A finding offers a code action with an edit.
        finding = next((d for d in diags if d.data), None)
        if finding:
            acts = await client.text_document_code_action_async(
                t.CodeActionParams(
                    text_document=t.TextDocumentIdentifier(uri=uri),
                    range=finding.range,
                    context=t.CodeActionContext(diagnostics=[finding]),
                )
            )
            assert any(a.edit for a in acts or []), path.name
            actions_with_edit += 1
    assert dl_codes > 0, "hadolint codes on real files"
    assert actions_with_edit > 0


async def test_a_change_gets_fresh_diagnostics_quickly(client: LanguageClient):
    path = pathlib.Path("/tmp/layerlens-lsp-test/Dockerfile")
    uri = await open_doc(client, path, "FROM debian:bookworm-slim\n")
    client.text_document_did_change(
        t.DidChangeTextDocumentParams(
            text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[t.TextDocumentContentChangeWholeDocument(text="FROM debian:bookworm-slim\nRUN apt-get install curl\n")],
        )
    )
    start = time.monotonic()
    await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    took = time.monotonic() - start
    codes = {str(d.code) for d in client.diagnostics[uri]}
    assert codes & {"DL3008", "DL3015"}, codes
    assert took < 0.5, f"{took * 1000:.0f} ms"
    print(f"didChange → publishDiagnostics: {took * 1000:.1f} ms")


async def test_symbols_and_completion(client: LanguageClient):
    path = pathlib.Path("/tmp/layerlens-lsp-test/multi.Dockerfile")
    text = "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from= /app /app\nHEALTH\n"
    uri = await open_doc(client, path, text)
    symbols = await client.text_document_document_symbol_async(
        t.DocumentSymbolParams(text_document=t.TextDocumentIdentifier(uri=uri))
    )
    assert [s.name for s in symbols] == ["stage 1 · build", "stage 2"]
    assert "the image" in symbols[1].detail
    assert symbols[0].children[0].name == "RUN go build -o /app ."

    async def labels(line, character):
        r = await client.text_document_completion_async(
            t.CompletionParams(text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=line, character=character))
        )
        items = r.items if hasattr(r, "items") else r
        return [i.label for i in items or []]

    assert await labels(4, 12) == ["0", "build"]
    assert await labels(5, 6) == ["HEALTHCHECK"]
    assert "--from" in await labels(4, 7)

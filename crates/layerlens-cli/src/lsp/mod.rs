//! `layerlens lsp`: the engine as a language server (stdio, JSON-RPC), so any LSP editor shows
//! what each line will cost while it is written. Built on rust-analyzer's `lsp-server` (a plain
//! synchronous loop over crossbeam channels — no async runtime; every answer here takes
//! milliseconds) and `lsp-types`.
//!
//! `document.rs` — an open file and its analysis, positions both ways. `diagnostics.rs`,
//! `hints.rs`, `hover.rs`, `actions.rs`, `symbols.rs` (symbols and completion) — one feature each.
//! The build context is the workspace folder holding the file (else the file's folder), read
//! once and again when a file is saved, `.dockerignore` honoured, as `--context` reads it.

mod actions;
mod diagnostics;
mod document;
mod hints;
mod hover;
mod symbols;
#[cfg(test)]
mod tests;

use document::{Document, Tables};
use layerlens_core::estimate::BuildContext;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, HoverRequest, InlayHintRequest,
    Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most files a workspace folder may hold to be read as the build context.
const MAX_CONTEXT_FILES: usize = 100_000;

/// What the server holds: the open documents, the build contexts read, Debian's tables.
#[derive(Default)]
struct State {
    docs: HashMap<String, Document>,
    roots: Vec<PathBuf>,
    /// Whether to read build contexts at all (`initializationOptions: {"context": false}`).
    read_context: bool,
    contexts: HashMap<PathBuf, Option<Arc<BuildContext>>>,
    tables: Tables,
}

/// Serves on stdin/stdout until the client says `shutdown` then `exit`.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    serve(connection)?;
    io.join().map_err(|e| e.to_string())
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["-".into(), "=".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    }
}

/// The server on any connection (the tests use an in-memory one).
pub fn serve(connection: Connection) -> Result<(), String> {
    let caps = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "layerlens".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, caps)
        .map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut state = State {
        tables: Tables::warm_up(),
        read_context: params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("context"))
            .and_then(|v| v.as_bool())
            .unwrap_or(true),
        ..State::default()
    };
    #[allow(deprecated)] // `root_uri`: older clients (Neovim 0.7) send only that.
    let roots = params
        .workspace_folders
        .unwrap_or_default()
        .into_iter()
        .map(|f| f.uri)
        .chain(params.root_uri)
        .filter_map(|u| file_path(&u));
    state.roots = roots.collect();
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                // Code actions price the rewrite (up to ≈ 0.5 s on a 2,000-line file): on a
                // thread of their own, so typing is never kept waiting.
                if req.method == CodeActionRequest::METHOD {
                    code_actions_apart(&mut state, req, connection.sender.clone());
                    continue;
                }
                let resp = request(&mut state, req);
                connection
                    .sender
                    .send(Message::Response(resp))
                    .map_err(|e| e.to_string())?;
            }
            Message::Notification(n) => {
                for out in notification(&mut state, n) {
                    connection
                        .sender
                        .send(Message::Notification(out))
                        .map_err(|e| e.to_string())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// `file:///a/b%20c` → `/a/b c`; other schemes have no path.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(rest.len());
    let mut i = 0;
    while i < rest.len() {
        match (
            rest[i],
            rest.get(i + 1).and_then(|b| hex(*b)),
            rest.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok().map(PathBuf::from)
}

impl State {
    fn context_of(&self, dir: &Option<PathBuf>) -> Option<Arc<BuildContext>> {
        dir.as_ref()
            .and_then(|d| self.contexts.get(d))
            .cloned()
            .flatten()
    }

    /// The build context of a document: the workspace folder holding it, else its folder.
    fn context_dir(&self, uri: &Uri) -> Option<PathBuf> {
        if !self.read_context {
            return None;
        }
        let path = file_path(uri)?;
        self.roots
            .iter()
            .filter(|r| path.starts_with(r))
            .max_by_key(|r| r.components().count())
            .cloned()
            .or_else(|| path.parent().map(Path::to_path_buf))
    }

    fn analyze(&mut self, uri: &Uri, text: String, version: i32) -> Notification {
        let dir = self.context_dir(uri);
        if let Some(d) = &dir {
            if !self.contexts.contains_key(d) {
                // A folder of more files than a project holds (a home directory) is no
                // build context: the estimate goes without, as with no folder.
                let ctx = crate::input::context_up_to(d, MAX_CONTEXT_FILES)
                    .ok()
                    .map(Arc::new);
                self.contexts.insert(d.clone(), ctx);
            }
        }
        let ctx = self.context_of(&dir);
        let tables = &mut self.tables;
        let doc = Document::new(text, version, ctx.as_deref(), |df| tables.for_file(df));
        let diags = diagnostics::diagnostics(&doc);
        self.docs.insert(uri.as_str().to_string(), doc);
        publish(uri, diags, Some(version))
    }
}

fn publish(
    uri: &Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version,
        },
    )
}

fn notification(state: &mut State, n: Notification) -> Vec<Notification> {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
            else {
                return Vec::new();
            };
            let d = p.text_document;
            vec![state.analyze(&d.uri, d.text, d.version)]
        }
        DidChangeTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
            else {
                return Vec::new();
            };
            // Full sync: the last change is the whole text.
            match p.content_changes.into_iter().last() {
                Some(c) => {
                    vec![state.analyze(&p.text_document.uri, c.text, p.text_document.version)]
                }
                None => Vec::new(),
            }
        }
        DidSaveTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params)
            else {
                return Vec::new();
            };
            let uri = p.text_document.uri;
            // The project may have changed on disk: read its context again.
            if let Some(d) = state.context_dir(&uri) {
                state.contexts.remove(&d);
            }
            let Some(doc) = state.docs.get(uri.as_str()) else {
                return Vec::new();
            };
            let (text, version) = (doc.text.clone(), doc.version);
            vec![state.analyze(&uri, text, version)]
        }
        DidCloseTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
            else {
                return Vec::new();
            };
            state.docs.remove(p.text_document.uri.as_str());
            vec![publish(&p.text_document.uri, Vec::new(), None)]
        }
        _ => Vec::new(),
    }
}

/// Answers a code action request from a thread: the document as it is now, analysed again there
/// (milliseconds), its actions computed and sent.
fn code_actions_apart(state: &mut State, req: Request, sender: crossbeam_channel::Sender<Message>) {
    let id = req.id.clone();
    let p: lsp_types::CodeActionParams = match params(req.params) {
        Ok(p) => p,
        Err((code, msg)) => {
            let _ = sender.send(Message::Response(Response::new_err(id, code as i32, msg)));
            return;
        }
    };
    let uri = p.text_document.uri.clone();
    let ctx = state.context_of(&state.context_dir(&uri));
    let State { docs, tables, .. } = state;
    let Some(doc) = docs.get(uri.as_str()) else {
        let none = Vec::<lsp_types::CodeActionOrCommand>::new();
        let _ = sender.send(Message::Response(Response::new_ok(id, none)));
        return;
    };
    let (text, version) = (doc.text.clone(), doc.version);
    let table = tables.for_file(&doc.df);
    let spawned = std::thread::Builder::new()
        .name("code-actions".into())
        .spawn(move || {
            let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let doc = Document::new(text, version, ctx.as_deref(), |_| table.clone());
                let input = layerlens_core::estimate::Input {
                    context: ctx.as_deref(),
                    debian: table.as_deref(),
                };
                let rewrite = actions::rewrite_with(&doc, input);
                actions::actions(&uri, &doc, p.range, &p.context.diagnostics, &rewrite)
            }));
            let resp = match answer {
                Ok(a) => Response::new_ok(id, a),
                Err(_) => Response::new_err(
                    id,
                    ErrorCode::InternalError as i32,
                    "the request failed inside layerlens".into(),
                ),
            };
            let _ = sender.send(Message::Response(resp));
        });
    if spawned.is_err() {
        eprintln!("layerlens lsp: could not start a thread for code actions");
    }
}

fn request(state: &mut State, req: Request) -> Response {
    let id = req.id.clone();
    // A handler that fails answers with an error; the server goes on.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| answer(state, req))) {
        Ok(Ok(v)) => Response::new_ok(id, v),
        Ok(Err((code, msg))) => Response::new_err(id, code as i32, msg),
        Err(_) => Response::new_err(
            id,
            ErrorCode::InternalError as i32,
            "the request failed inside layerlens".into(),
        ),
    }
}

type Answer = Result<serde_json::Value, (ErrorCode, String)>;

fn params<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(v).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

fn json<T: serde::Serialize>(v: T) -> Answer {
    serde_json::to_value(v).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn answer(state: &mut State, req: Request) -> Answer {
    match req.method.as_str() {
        HoverRequest::METHOD => {
            let p: lsp_types::HoverParams = params(req.params)?;
            let pos = p.text_document_position_params;
            let h = state
                .docs
                .get(pos.text_document.uri.as_str())
                .and_then(|d| hover::hover(d, pos.position));
            json(h)
        }
        InlayHintRequest::METHOD => {
            let p: lsp_types::InlayHintParams = params(req.params)?;
            json(
                state
                    .docs
                    .get(p.text_document.uri.as_str())
                    .map(|d| hints::hints(d, p.range)),
            )
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp_types::DocumentSymbolParams = params(req.params)?;
            json(
                state
                    .docs
                    .get(p.text_document.uri.as_str())
                    .map(symbols::symbols),
            )
        }
        Completion::METHOD => {
            let p: lsp_types::CompletionParams = params(req.params)?;
            let pos = p.text_document_position;
            json(
                state
                    .docs
                    .get(pos.text_document.uri.as_str())
                    .map(|d| symbols::completion(d, pos.position)),
            )
        }
        m => Err((
            ErrorCode::MethodNotFound,
            format!("layerlens does not answer {m}"),
        )),
    }
}

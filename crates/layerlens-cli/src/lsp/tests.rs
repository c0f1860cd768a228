//! The server over an in-memory connection, the way an editor talks to it: initialize, open,
//! change, ask, shut down.

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

struct Client {
    conn: Connection,
    next: i32,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
}

const URI: &str = "file:///nonexistent-layerlens-test/Dockerfile";

impl Client {
    /// A server on an in-memory connection, no build context read.
    fn start() -> Client {
        Client::start_with(json!({
            "capabilities": {},
            "rootUri": "file:///nonexistent-layerlens-test",
            "initializationOptions": { "context": false },
        }))
    }

    /// A server initialized with these params.
    fn start_with(initialize: Value) -> Client {
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || super::serve(server));
        let mut c = Client {
            conn,
            next: 1,
            server: Some(handle),
        };
        let init = c.request("initialize", initialize);
        assert!(
            init["capabilities"]["inlayHintProvider"]
                .as_bool()
                .unwrap_or(false),
            "{init}"
        );
        c.notify("initialized", json!({}));
        c
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .expect("send");
    }

    /// Sends a request without waiting for its answer.
    fn send(&self, id: i32, method: &str, params: Value) -> RequestId {
        let id = RequestId::from(id);
        self.conn
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .expect("send");
        id
    }

    /// The next response, whichever it answers.
    fn next_response(&self) -> lsp_server::Response {
        loop {
            let m = self
                .conn
                .receiver
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("an answer");
            if let Message::Response(r) = m {
                return r;
            }
        }
    }

    /// The answer to `id` (other responses skipped).
    fn answer(&self, id: &RequestId) -> lsp_server::Response {
        loop {
            let r = self.next_response();
            if &r.id == id {
                return r;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(self.next, method, params);
        self.next += 1;
        let r = self.answer(&id);
        assert!(r.error.is_none(), "{method}: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    /// The next diagnostics published for the test document.
    fn diagnostics(&self) -> Vec<Value> {
        loop {
            match self
                .conn
                .receiver
                .recv_timeout(std::time::Duration::from_secs(20))
                .expect("diagnostics")
            {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics" && n.params["uri"] == URI =>
                {
                    return n.params["diagnostics"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default();
                }
                _ => continue,
            }
        }
    }

    /// The whole text changed (full sync), and the diagnostics that answer it.
    fn change(&self, version: i32, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": URI, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics()
    }

    fn open(&self, text: &str) -> Vec<Value> {
        self.notify("textDocument/didOpen", json!({
            "textDocument": { "uri": URI, "languageId": "dockerfile", "version": 1, "text": text }
        }));
        self.diagnostics()
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.is_null());
        self.notify("exit", Value::Null);
        let done = self
            .server
            .take()
            .expect("server")
            .join()
            .expect("no panic");
        assert_eq!(done, Ok(()));
    }
}

const FILE: &str = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nCOPY . .\nRUN pip install flask\nCMD python app.py\n";

#[test]
fn diagnostics_with_hadolint_codes_and_a_link_arrive_on_open_and_on_change() {
    let c = Client::start();
    let diags = c.open(FILE);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"DL3008"), "{codes:?}");
    let dl3008 = diags
        .iter()
        .find(|d| d["code"] == "DL3008")
        .expect("DL3008");
    assert_eq!(dl3008["range"]["start"]["line"], 1);
    assert_eq!(
        dl3008["codeDescription"]["href"],
        "https://github.com/hadolint/hadolint/wiki/DL3008"
    );
    assert_eq!(dl3008["source"], "layerlens");
    assert_eq!(dl3008["data"]["rule"], "LL205");
    // A change that adds an install without --no-install-recommends: fresh diagnostics.
    let after = c.change(2, "FROM debian:bookworm\nRUN apt-get install curl\n");
    let codes: Vec<&str> = after.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(
        codes.contains(&"DL3015") && codes.contains(&"DL3014"),
        "{codes:?}"
    );
    // A syntax error: at its line and column, the rest still analysed.
    let bad = c.change(3, "FROM alpine:3.20\nFNORD x\nRUN apk add curl\n");
    let err = bad.iter().find(|d| d["severity"] == 1).expect("an error");
    assert_eq!(err["range"]["start"]["line"], 1);
    assert!(
        bad.iter()
            .any(|d| d["code"] == "DL3018" || d["code"] == "DL3019"),
        "{bad:?}"
    );
    c.stop();
}

#[test]
fn every_layer_line_has_a_size_hint_and_from_has_the_stage_total() {
    let mut c = Client::start();
    c.open(FILE);
    let hints = c.request("textDocument/inlayHint", json!({
        "textDocument": { "uri": URI },
        "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 6, "character": 0 } }
    }));
    let hints = hints.as_array().expect("hints");
    let at = |line: u64| -> Vec<String> {
        hints
            .iter()
            .filter(|h| h["position"]["line"] == line)
            .map(|h| h["label"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(
        at(0)[0].starts_with("base ") && at(0)[0].contains("(the image)"),
        "{:?}",
        at(0)
    );
    for line in [1, 3, 4] {
        assert!(
            at(line).first().is_some_and(|l| l.starts_with("+ ")),
            "line {line}: {hints:?}"
        );
    }
    // CMD is metadata: no hint.
    assert!(at(5).is_empty());
    // The hint sits at the end of its line.
    let run = hints
        .iter()
        .find(|h| h["position"]["line"] == 1)
        .expect("run");
    assert_eq!(
        run["position"]["character"],
        "RUN apt-get update && apt-get install -y gcc".len()
    );
    c.stop();
}

#[test]
fn hover_explains_the_instruction_its_flag_and_its_estimate() {
    let mut c = Client::start();
    c.open("FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n");
    let pos = |line: u32, character: u32| json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } });
    let run = c.request("textDocument/hover", pos(1, 1));
    let text = run["contents"]["value"].as_str().expect("markdown");
    assert!(
        text.contains("**RUN**") && text.contains("**Estimate:**"),
        "{text}"
    );
    let flag = c.request("textDocument/hover", pos(1, 8));
    let text = flag["contents"]["value"].as_str().expect("markdown");
    assert!(text.starts_with("**`--mount`**"), "{text}");
    // Nothing there: no hover.
    assert!(c.request("textDocument/hover", pos(9, 0)).is_null());
    c.stop();
}

#[test]
fn a_finding_offers_an_ignore_pragma_and_the_rewrite_steps_on_its_line() {
    let mut c = Client::start();
    let diags = c.open(FILE);
    let on_run: Vec<Value> = diags
        .iter()
        .filter(|d| d["range"]["start"]["line"] == 1)
        .cloned()
        .collect();
    let actions = c.request("textDocument/codeAction", json!({
        "textDocument": { "uri": URI },
        "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } },
        "context": { "diagnostics": on_run }
    }));
    let actions = actions.as_array().expect("actions");
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore DL3008 on this instruction")
        .expect("ignore DL3008");
    let edit = &ignore["edit"]["changes"][URI][0];
    assert_eq!(edit["newText"], "# hadolint ignore=DL3008\n");
    assert_eq!(edit["range"]["start"]["line"], 1);
    // A rewrite step on this RUN, as a quick fix replacing the text.
    let step = actions
        .iter()
        .find(|a| {
            a["kind"] == "quickfix" && !a["title"].as_str().unwrap_or("").starts_with("Ignore")
        })
        .unwrap_or_else(|| panic!("a rewrite step: {titles:?}"));
    let new_text = step["edit"]["changes"][URI][0]["newText"]
        .as_str()
        .expect("text");
    assert_ne!(new_text, FILE);
    assert!(layerlens_core::parse(new_text).errors.is_empty());
    // And the whole rewrite as a new file.
    let show = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Show the optimized Dockerfile"))
        })
        .expect("show the optimized Dockerfile");
    let ops = show["edit"]["documentChanges"]
        .as_array()
        .expect("operations");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], format!("{URI}.optimized"));
    c.stop();
}

#[test]
fn symbols_are_the_stages_and_completion_knows_instructions_flags_and_stages() {
    let mut c = Client::start();
    let text = "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from= /app /app\nRU\n";
    c.open(text);
    let syms = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let syms = syms.as_array().expect("symbols");
    assert_eq!(syms.len(), 2);
    assert_eq!(syms[0]["name"], "stage 1 · build");
    assert!(syms[1]["detail"]
        .as_str()
        .unwrap_or("")
        .contains("the image"));
    assert_eq!(syms[0]["children"][0]["name"], "RUN go build -o /app .");
    let complete = |c: &mut Client, line: u32, character: u32| -> Vec<String> {
        let r = c.request("textDocument/completion", json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": character } }));
        r.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["label"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(complete(&mut c, 4, 12), ["0", "build"]);
    assert_eq!(complete(&mut c, 5, 2), ["RUN"]);
    let flags = complete(&mut c, 4, 7);
    assert!(
        flags.contains(&"--from".to_string()) && flags.contains(&"--chown".to_string()),
        "{flags:?}"
    );
    c.stop();
}

#[test]
fn bad_requests_get_errors_and_the_server_goes_on() {
    let mut c = Client::start();
    c.open(FILE);
    // Unknown method: an error answer, not a crash.
    let id = c.send(999, "layerlens/unknown", json!({}));
    assert!(c.answer(&id).error.is_some());
    // Malformed params: an error too; then a normal request still works.
    let id = c.send(1000, "textDocument/hover", json!({ "nonsense": 1 }));
    assert!(c.answer(&id).error.is_some());
    // Hover on an unopened document: nothing, no error.
    let h = c.request("textDocument/hover", json!({ "textDocument": { "uri": "file:///x/other" }, "position": { "line": 0, "character": 0 } }));
    assert!(h.is_null());
    c.stop();
}

#[test]
fn a_slow_code_action_does_not_hold_up_typing() {
    let c = Client::start();
    // A long file: pricing its rewrite takes a while.
    let mut big = String::from("FROM python:3.12\n");
    for i in 0..400 {
        big.push_str(&format!(
            "RUN apt-get update && apt-get install -y gcc{i}\nCOPY file{i} /app/\nRUN pip install pkg{i}\nENV K{i}=v\n\n"
        ));
    }
    c.open(&big);
    let code_action = c.send(
        5000,
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    let hover = c.send(
        5001,
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 1, "character": 1 } }),
    );
    // The hover is answered first; the code actions follow.
    let order: Vec<RequestId> = (0..2)
        .map(|_| {
            let r = c.next_response();
            assert!(r.error.is_none(), "{:?}", r.error);
            r.id
        })
        .collect();
    assert_eq!(order, [hover, code_action]);
    c.stop();
}

#[test]
fn the_workspace_folder_is_the_build_context_with_its_dockerignore() {
    let dir = std::env::temp_dir().join(format!("layerlens-lsp-ctx-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("data")).expect("dir");
    std::fs::write(dir.join("app.py"), "print('hi')\n").expect("write");
    std::fs::write(dir.join("data/big.bin"), vec![0u8; 3_000_000]).expect("write");
    let root = format!("file://{}", dir.display());
    let uri = format!("{root}/Dockerfile");
    let size_of_copy = |ignore: Option<&str>| -> String {
        match ignore {
            Some(text) => std::fs::write(dir.join(".dockerignore"), text).expect("write"),
            None => {
                let _ = std::fs::remove_file(dir.join(".dockerignore"));
            }
        }
        let mut c = Client::start_with(json!({ "capabilities": {}, "rootUri": root }));
        c.notify("textDocument/didOpen", json!({
            "textDocument": { "uri": uri, "languageId": "dockerfile", "version": 1, "text": "FROM scratch\nCOPY . /app\n" }
        }));
        let hints = c.request("textDocument/inlayHint", json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 2, "character": 0 } }
        }));
        let label = hints
            .as_array()
            .and_then(|h| h.iter().find(|h| h["position"]["line"] == 1))
            .map(|h| h["label"].as_str().unwrap_or("").to_string())
            .unwrap_or_default();
        c.stop();
        label
    };
    // Everything in the folder is sent: 3 MB; with data/ ignored, a few bytes.
    assert_eq!(size_of_copy(None), "+ 3.0 MB");
    let small = size_of_copy(Some("data\n"));
    assert!(small.ends_with(" B") && !small.contains("MB"), "{small}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn odd_positions_and_texts_never_fail() {
    let mut c = Client::start();
    let texts = [
        "",
        "\n\n\n",
        "FROM",
        "RUN <<EOF\necho unterminated",
        "FROM alpine\nRUN echo \"é😀\" \\\n  && apk add curl # 日本\nCOPY --from= . .\n",
        "\u{feff}FROM scratch\r\nCOPY a b\r\n",
    ];
    for (v, t) in texts.iter().enumerate() {
        if v == 0 {
            c.open(t);
        } else {
            c.change(v as i32 + 1, t);
        }
        for (line, character) in [(0, 0), (1, 3), (2, 9999), (9999, 0), (3, 2)] {
            let pos = json!({ "line": line, "character": character });
            let at = json!({ "textDocument": { "uri": URI }, "position": pos });
            c.request("textDocument/hover", at.clone());
            c.request("textDocument/completion", at);
            let range = json!({ "start": pos, "end": { "line": 0, "character": 0 } });
            c.request(
                "textDocument/inlayHint",
                json!({ "textDocument": { "uri": URI }, "range": range }),
            );
            c.request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": URI }, "range": range, "context": { "diagnostics": [] } }),
            );
        }
        c.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": URI } }),
        );
    }
    c.stop();
}

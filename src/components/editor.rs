//! The Dockerfile editor: a real `<textarea>` (so typing, paste, undo, IME and screen readers
//! all work as in any text field) over a highlighted copy of the text that shows syntax colours
//! and error underlines, with a gutter of line numbers that marks lines with errors.

use crate::highlight::{highlight, Class};
use crate::state::Analysis;
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::{Element, HtmlTextAreaElement};
use yew::prelude::*;

/// Must match `--line-h` in static/style.css.
pub const LINE_HEIGHT_PX: usize = 20;

/// Texts up to this size go in as an undoable edit; longer ones are set at once.
const UNDOABLE_BYTES: usize = 4 * 1024;

/// Lines drawn at once, from a multiple of `WINDOW_STEP` above the visible part (the editor
/// shows at most ≈ 60): scrolling re-renders only every `WINDOW_STEP` lines.
const WINDOW_LINES: usize = 260;
const WINDOW_STEP: usize = 50;

/// The first line to draw when `top` (0-based) is the first visible one.
fn window_start(top: usize) -> usize {
    (top.saturating_sub(WINDOW_STEP) / WINDOW_STEP) * WINDOW_STEP
}

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub source: Rc<str>,
    pub analysis: Rc<Analysis>,
    pub node: NodeRef,
    pub on_edit: Callback<String>,
    pub on_caret: Callback<usize>,
}

#[function_component(Editor)]
pub fn editor(p: &EditorProps) -> Html {
    let backdrop = use_node_ref();
    let gutter = use_node_ref();
    // Only the lines near the visible part are drawn in the highlighted copy and the gutter
    // (spacers keep their heights): a keystroke in a 3,000-line file renders ≈ 250 lines, not
    // 3,000. `window` is the first line drawn, a multiple of WINDOW_STEP.
    let window = use_state(|| 0usize);

    // Set while a text from elsewhere goes in: the browser reports that as typing (an input
    // event per line), which is not the person's edit.
    let inserting = use_mut_ref(|| false);
    let oninput = {
        let on_edit = p.on_edit.clone();
        let inserting = inserting.clone();
        Callback::from(move |e: InputEvent| {
            if *inserting.borrow() {
                return;
            }
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(el.value());
        })
    };
    // Keep the highlighted copy and the gutter scrolled with the textarea.
    let onscroll = {
        let (backdrop, gutter, window) = (backdrop.clone(), gutter.clone(), window.clone());
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let first = window_start(el.scroll_top().max(0) as usize / LINE_HEIGHT_PX);
            if first != *window {
                window.set(first);
            }
            if let Some(b) = backdrop.cast::<Element>() {
                b.set_scroll_top(el.scroll_top());
                b.set_scroll_left(el.scroll_left());
            }
            if let Some(g) = gutter.cast::<Element>() {
                g.set_scroll_top(el.scroll_top());
            }
        })
    };
    let caret = {
        let on_caret = p.on_caret.clone();
        move |el: HtmlTextAreaElement| {
            let pos = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let value = el.value();
            let mut units = 0usize;
            let mut line = 1;
            for c in value.chars() {
                if units >= pos {
                    break;
                }
                units += c.len_utf16();
                if c == '\n' {
                    line += 1;
                }
            }
            on_caret.emit(line);
        }
    };
    let onkeyup = {
        let caret = caret.clone();
        Callback::from(move |e: KeyboardEvent| caret(e.target_unchecked_into()))
    };
    let onclick = Callback::from(move |e: MouseEvent| caret(e.target_unchecked_into()));

    // The textarea's text follows `source` (typing already put it there). A text from elsewhere
    // — an example, a lesson step, a restore — goes in as an edit the browser can undo (Ctrl+Z
    // brings the person's text back), except on the first render and while the editor is hidden.
    {
        let node = p.node.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(p.source.clone(), move |source| {
            if let Some(el) = node.cast::<HtmlTextAreaElement>() {
                if el.value() != **source {
                    let shown = el.offset_parent().is_some();
                    // The browser inserts line by line: past a few hundred lines that takes
                    // seconds, so a long text is set at once (the Restore button still works).
                    let short = source.len() <= UNDOABLE_BYTES;
                    *inserting.borrow_mut() = true;
                    if *first.borrow() || !shown || !short || !insert_text(&el, source) {
                        el.set_value(source);
                    }
                    *inserting.borrow_mut() = false;
                }
            }
            *first.borrow_mut() = false;
        });
    }

    let df = &p.analysis.df;
    let lines = highlight(&p.source, df);
    let total = lines.len();
    let from = (*window).min(total);
    let to = (from + WINDOW_LINES).min(total);
    // Marks only for the lines drawn (a long file can have thousands of findings).
    let drawn = |line: usize| line > from && line <= to;
    let spacer = |n: usize| {
        (n > 0).then(|| html! { <div class="spacer" style={format!("height:{}px", n * LINE_HEIGHT_PX)}></div> })
    };
    // Line -> messages, for the gutter markers.
    let mut marks: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in df.errors.iter().filter(|d| drawn(d.span.line)) {
        marks
            .entry(d.span.line)
            .or_default()
            .push(format!("{}:{} {}", d.span.line, d.span.column, d.message));
    }
    let mut warn_lines: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for d in df.warnings.iter().filter(|d| drawn(d.span.line)) {
        warn_lines
            .entry(d.span.line)
            .or_default()
            .push(d.message.clone());
    }
    let mut lint_lines: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for f in p.analysis.findings.iter().filter(|f| drawn(f.line)) {
        lint_lines.entry(f.line).or_default().push(format!(
            "{} {}: {}",
            f.code,
            f.severity.as_str(),
            f.message
        ));
    }

    html! {
        <div class="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">
                { for spacer(from) }
                { for (from + 1..=to).map(|n| {
                    let (class, msgs) = if let Some(msgs) = marks.get(&n) {
                        ("ln ln-error", Some(msgs))
                    } else if let Some(msgs) = warn_lines.get(&n) {
                        ("ln ln-warn", Some(msgs))
                    } else if let Some(msgs) = lint_lines.get(&n) {
                        ("ln ln-lint", Some(msgs))
                    } else {
                        ("ln", None)
                    };
                    html! { <div {class} title={msgs.map(|m| m.join("\n"))}>{ n }</div> }
                }) }
                { for spacer(total - to) }
            </div>
            <div class="code">
                <pre class="backdrop" ref={backdrop} aria-hidden="true">
                    { for spacer(from) }
                    { for lines[from..to].iter().map(|pieces| {
                        let pieces: Vec<(AttrValue, Class, bool)> = pieces
                            .iter()
                            .map(|p| (AttrValue::from(p.text.to_string()), p.class, p.error))
                            .collect();
                        html! { <CodeLine {pieces} /> }
                    }) }
                    { for spacer(total - to) }
                </pre>
                <textarea
                    ref={p.node.clone()}
                    class="input"
                    aria-label="Dockerfile"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    wrap="off"
                    placeholder="Type or paste a Dockerfile here (it never leaves this tab)"
                    {oninput} {onscroll} {onkeyup} {onclick}
                />
            </div>
        </div>
    }
}

/// Replaces all of the textarea's text the way typing would (`execCommand("insertText")`), so
/// the browser's undo takes it back; focus returns where it was (or leaves the editor when that
/// element is gone). False when the browser would not do it.
fn insert_text(el: &HtmlTextAreaElement, text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let before = doc.active_element();
    let _ = el.focus();
    el.select();
    let exec = js_sys::Reflect::get(&doc, &"execCommand".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let done = exec.is_some_and(|f| {
        f.call3(&doc, &"insertText".into(), &false.into(), &text.into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }) && el.value() == text;
    let _ = el.set_selection_range(0, 0);
    el.set_scroll_top(0);
    match before {
        Some(b) if b.is_connected() && !b.is_same_node(Some(el.as_ref())) => {
            if let Some(h) = b.dyn_ref::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        }
        _ => {
            let _ = el.blur();
        }
    }
    done
}

/// One line of the highlighted copy: (text, class, error underline) pieces. Lines are
/// components with props compared by value: a keystroke in a long Dockerfile renders only the
/// lines whose text or marks changed.
#[derive(Properties, PartialEq)]
struct CodeLineProps {
    pieces: Vec<(AttrValue, Class, bool)>,
}

#[function_component(CodeLine)]
fn code_line(p: &CodeLineProps) -> Html {
    html! {
        <div class="line">
            { for p.pieces.iter().map(|(text, class, error)| {
                if *class == Class::Plain && !error {
                    html! { { text.clone() } }
                } else {
                    let mut classes = classes!(class.css());
                    if *error { classes.push("err"); }
                    html! { <span class={classes}>{ text.clone() }</span> }
                }
            }) }
            { "\u{200b}" }
        </div>
    }
}

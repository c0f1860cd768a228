//! The original and the optimized Dockerfile side by side, one table row per aligned pair of
//! lines (`optimize::align`): changed lines tinted on both sides, added ones on the right only,
//! removed ones on the left only. A line a step wrote carries that step's colour and title.

use crate::shared::Optimization;
use layerlens_core::optimize::RowKind;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

/// Colours for steps (`--step-0` … in style.css), reused in turn.
pub const STEP_COLOURS: usize = 8;

/// The CSS a step's marks use: its colour by its position in the list of steps.
pub fn step_colour(index: usize) -> String {
    format!("--step-color: var(--step-{})", index % STEP_COLOURS)
}

#[derive(Properties, PartialEq)]
pub struct SideBySideProps {
    pub source: Rc<str>,
    pub optimization: Rc<Optimization>,
}

#[function_component(SideBySide)]
pub fn side_by_side(p: &SideBySideProps) -> Html {
    let o = &p.optimization.result;
    // `align` numbers the lines of `str::lines`.
    let left: Vec<&str> = p.source.lines().collect();
    let right: Vec<&str> = o.dockerfile.lines().collect();
    // Titles mark code with backticks (for `rich`); a tooltip shows them plain.
    let plain: Vec<String> = o.steps.iter().map(|s| s.title.replace('`', "")).collect();
    let by_id: HashMap<&str, (usize, &str)> = o
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), (i, plain[i].as_str())))
        .collect();
    let cell_text = |lines: &[&str], n: Option<usize>| {
        n.and_then(|n| lines.get(n - 1))
            .map(|t| t.to_string())
            .unwrap_or_default()
    };
    html! {
        <div class="sbs-wrap">
            <table class="sbs">
                <caption class="visually-hidden">{"The original Dockerfile beside the optimized one, line by line"}</caption>
                <colgroup>
                    <col class="sbs-col-ln" /><col /><col class="sbs-col-ln" /><col />
                </colgroup>
                <thead>
                    <tr>
                        <th scope="col" colspan="2">{"Original"}</th>
                        <th scope="col" colspan="2">{"Optimized"}</th>
                    </tr>
                </thead>
                <tbody>
                { for p.optimization.rows.iter().map(|row| {
                    let kind = match row.kind {
                        RowKind::Same => "same",
                        RowKind::Changed => "changed",
                        RowKind::Added => "added",
                        RowKind::Removed => "removed",
                    };
                    let (was, now) = match row.kind {
                        RowKind::Same => ("", ""),
                        RowKind::Changed => ("changed from: ", "changed to: "),
                        RowKind::Added => ("", "added: "),
                        RowKind::Removed => ("removed: ", ""),
                    };
                    let steps: Vec<(usize, &str)> = row
                        .right
                        .and_then(|n| o.line_steps.get(n - 1))
                        .map(|ids| ids.iter().filter_map(|id| by_id.get(id.as_str()).copied()).collect())
                        .unwrap_or_default();
                    let titles = steps.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("; ");
                    let style = steps.first().map(|(i, _)| step_colour(*i));
                    let marked = style.is_some().then_some("by-step");
                    html! {
                        <tr class={classes!("sbs-row", kind)}>
                            <td class="sbs-ln sbs-left-ln">{ row.left.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td class="sbs-code sbs-left">
                                if row.left.is_some() && !was.is_empty() { <span class="visually-hidden">{ was }</span> }
                                { cell_text(&left, row.left) }
                            </td>
                            <td class="sbs-ln sbs-right-ln">{ row.right.map(|n| n.to_string()).unwrap_or_default() }</td>
                            <td class={classes!("sbs-code", "sbs-right", marked)}
                                style={style} title={(!titles.is_empty()).then(|| format!("Step: {titles}"))}>
                                if row.right.is_some() && !now.is_empty() { <span class="visually-hidden">{ now }</span> }
                                { cell_text(&right, row.right) }
                                if !titles.is_empty() { <span class="visually-hidden">{ format!(" (step: {titles})") }</span> }
                            </td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </div>
    }
}

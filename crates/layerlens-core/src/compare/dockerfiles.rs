//! Two Dockerfiles' estimates compared: the instructions aligned (an instruction is the same
//! when its keyword, flags and text are), each with the estimate of the layer it makes before
//! and after — the teaching moment "this line adds +310 MB".

use super::{Delta, Status};
use crate::estimate::Estimate;
use crate::syntax::{Dockerfile, Instruction};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct DockerfileDiff {
    pub final_image_bytes: Delta,
    /// The estimates' ranges, before and after.
    pub final_low: Delta,
    pub final_high: Delta,
    pub instructions: Vec<InstructionDiff>,
}

#[derive(Clone, Debug, Serialize)]
pub struct InstructionDiff {
    pub status: Status,
    /// 1-based lines where the instruction starts, in each file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_line: Option<usize>,
    /// `RUN apt-get install …`, as the instruction reads (the second file's when both have it).
    pub instruction: String,
    /// The estimate of its layer (0 for metadata), in each file.
    pub before_bytes: u64,
    pub after_bytes: u64,
    pub delta: i64,
    /// Its stage becomes the image (in the file that has it; the second's when both do).
    #[serde(rename = "final")]
    pub is_final: bool,
}

fn one_line(ins: &Instruction) -> String {
    let mut s = crate::report::keyword_upper(ins);
    for f in &ins.flags {
        s.push_str(" --");
        s.push_str(&f.name);
        if let Some(v) = &f.value {
            s.push('=');
            s.push_str(v);
        }
    }
    s.push(' ');
    s.push_str(&ins.text.split_whitespace().collect::<Vec<_>>().join(" "));
    s
}

/// `a` before, `b` after, with their estimates.
pub fn dockerfiles(a: &Dockerfile, ea: &Estimate, b: &Dockerfile, eb: &Estimate) -> DockerfileDiff {
    let la: Vec<String> = a.instructions.iter().map(one_line).collect();
    let lb: Vec<String> = b.instructions.iter().map(one_line).collect();
    let size = |e: &Estimate, i: usize| {
        e.layers
            .iter()
            .find(|l| l.instruction == i)
            .map_or((0, false), |l| (l.bytes, l.is_final))
    };
    let rows = crate::optimize::align(&la.join("\n"), &lb.join("\n"));
    let mut instructions = Vec::with_capacity(rows.len());
    for r in rows {
        let (ia, ib) = (r.left.map(|l| l - 1), r.right.map(|l| l - 1));
        let (ba, fa) = ia.map_or((0, false), |i| size(ea, i));
        let (bb, fb) = ib.map_or((0, false), |i| size(eb, i));
        let status = match (ia, ib) {
            (Some(_), Some(_)) if r.kind == crate::optimize::RowKind::Same && ba == bb => {
                Status::Shared
            }
            (Some(_), Some(_)) => Status::Changed,
            (Some(_), None) => Status::Removed,
            _ => Status::Added,
        };
        let text = ib
            .and_then(|i| lb.get(i))
            .or_else(|| ia.and_then(|i| la.get(i)))
            .cloned()
            .unwrap_or_default();
        instructions.push(InstructionDiff {
            status,
            before_line: ia.and_then(|i| a.instructions.get(i)).map(|x| x.start_line),
            after_line: ib.and_then(|i| b.instructions.get(i)).map(|x| x.start_line),
            instruction: text,
            before_bytes: ba,
            after_bytes: bb,
            delta: bb as i64 - ba as i64,
            is_final: if ib.is_some() { fb } else { fa },
        });
    }
    DockerfileDiff {
        final_image_bytes: Delta::new(ea.final_image_bytes, eb.final_image_bytes),
        final_low: Delta::new(ea.final_low, eb.final_low),
        final_high: Delta::new(ea.final_high, eb.final_high),
        instructions,
    }
}

//! Finding the steps: reads the model and the shell commands, and says for each step what it
//! changes ([`Action`]s) — or, for what it leaves alone, why ([`Note`]).

use super::doc::Action;
use super::{Note, Step};
use crate::estimate::Input;
use crate::syntax::Dockerfile;

pub(crate) struct Candidate {
    pub step: Step,
    pub actions: Vec<Action>,
    /// Alternatives share a group: only the first enabled one of a group is applied.
    pub group: Option<&'static str>,
}

pub(crate) struct Plan {
    pub steps: Vec<Candidate>,
    pub notes: Vec<Note>,
}

pub(crate) fn plan(_df: &Dockerfile, _src: &str, _input: &Input) -> Plan {
    Plan { steps: Vec::new(), notes: Vec::new() }
}

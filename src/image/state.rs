//! The image view's state: which file is being read or was read, its summary, which file tree is
//! shown and which of its directories are open. No web-sys: tested natively. The worker's answers
//! come in as actions; those of a job the person gave up (cancelled, or replaced by another file)
//! are ignored.

use super::protocol::{Failure, Nodes, PathHistory, Progress, Sort, Summary, Tree};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::Reducible;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing read yet (or the read was cancelled: see `notice`).
    Empty,
    Reading(Option<Progress>),
    Analyzed(Rc<Summary>),
    Failed(Failure),
}

/// The image read to compare the open one with.
#[derive(Clone, Debug, PartialEq)]
pub enum Comparing {
    None,
    Reading {
        job: u32,
        name: String,
        progress: Option<Progress>,
    },
    Done {
        name: String,
        diff: Rc<layerlens_core::compare::ImageDiff>,
    },
    Failed {
        name: String,
        failure: Failure,
    },
}

/// What an outstanding question to the worker was for.
#[derive(Clone, Debug, PartialEq)]
pub enum Pending {
    Dir(String),
    Filter,
    History(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImageState {
    /// The current job (0: none); answers for other jobs are dropped.
    pub job: u32,
    /// The file's name and size.
    pub file: Option<(String, u64)>,
    pub phase: Phase,
    /// A line about what just happened (cancelled, …).
    pub notice: Option<String>,
    /// The platform asked for (None: the default).
    pub platform: Option<String>,
    /// The file tree shown: the final filesystem or one layer's changes.
    pub tree: Tree,
    pub sort: Sort,
    pub filter: String,
    /// Open directories of the tree shown: path → entries (None while they are asked for).
    pub open: BTreeMap<String, Option<Rc<Nodes>>>,
    /// The filter's hits (None while asked for, or with no filter).
    pub hits: Option<Rc<Nodes>>,
    /// Paths whose history across the layers is shown (None while asked for).
    pub histories: BTreeMap<String, Option<Rc<PathHistory>>>,
    pub pending: BTreeMap<u32, Pending>,
    /// "Compare with…": the second image and the comparison.
    pub comparing: Comparing,
}

impl Default for ImageState {
    fn default() -> Self {
        ImageState {
            job: 0,
            file: None,
            phase: Phase::Empty,
            notice: None,
            platform: None,
            tree: Tree::Final,
            sort: Sort::Size,
            filter: String::new(),
            open: BTreeMap::new(),
            hits: None,
            histories: BTreeMap::new(),
            pending: BTreeMap::new(),
            comparing: Comparing::None,
        }
    }
}

pub enum Action {
    /// A file is being read as `job`.
    Start {
        job: u32,
        name: String,
        size: u64,
        platform: Option<String>,
    },
    Progress {
        job: u32,
        progress: Progress,
    },
    Done {
        job: u32,
        summary: Box<Summary>,
    },
    Failed {
        job: u32,
        failure: Failure,
    },
    /// The person cancelled: forget the job at once (the worker confirms later).
    Cancel,
    /// A second image is being read as `job`, to compare the open one with.
    CompareStart {
        job: u32,
        name: String,
    },
    Compared {
        job: u32,
        diff: Box<layerlens_core::compare::ImageDiff>,
    },
    /// Put the comparison away.
    CloseComparison,
    Cancelled {
        job: u32,
    },
    /// Show the final filesystem or a layer's changes.
    ShowTree(Tree),
    SetSort(Sort),
    SetFilter(String),
    /// A question was sent to the worker as `req`.
    Asked {
        req: u32,
        what: Pending,
    },
    Close(String),
    Answer(Rc<Nodes>),
    CloseHistory(String),
    History(Rc<PathHistory>),
}

impl ImageState {
    /// The summary, once analyzed.
    pub fn summary(&self) -> Option<&Rc<Summary>> {
        match &self.phase {
            Phase::Analyzed(s) => Some(s),
            _ => None,
        }
    }

    /// A fresh tree (nothing open, nothing asked).
    fn tree_reset(self) -> Self {
        let mut pending = self.pending.clone();
        pending.retain(|_, p| matches!(p, Pending::History(_)));
        ImageState {
            open: BTreeMap::new(),
            hits: None,
            pending,
            ..self
        }
    }
}

impl Reducible for ImageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let s = (*self).clone();
        let compare_job = match &s.comparing {
            Comparing::Reading { job, .. } => Some(*job),
            _ => None,
        };
        let next = match action {
            Action::CompareStart { job, name } => ImageState {
                comparing: Comparing::Reading {
                    job,
                    name,
                    progress: None,
                },
                ..s
            },
            Action::Progress { job, progress } if Some(job) == compare_job => {
                let Comparing::Reading { job, name, .. } = s.comparing.clone() else {
                    return self;
                };
                ImageState {
                    comparing: Comparing::Reading {
                        job,
                        name,
                        progress: Some(progress),
                    },
                    ..s
                }
            }
            Action::Compared { job, diff } if Some(job) == compare_job => {
                let Comparing::Reading { name, .. } = s.comparing.clone() else {
                    return self;
                };
                ImageState {
                    comparing: Comparing::Done {
                        name,
                        diff: Rc::from(diff),
                    },
                    ..s
                }
            }
            Action::Failed { job, failure } if Some(job) == compare_job => {
                let Comparing::Reading { name, .. } = s.comparing.clone() else {
                    return self;
                };
                ImageState {
                    comparing: Comparing::Failed { name, failure },
                    ..s
                }
            }
            Action::Cancelled { job } if Some(job) == compare_job => ImageState {
                comparing: Comparing::None,
                ..s
            },
            Action::CloseComparison => ImageState {
                comparing: Comparing::None,
                ..s
            },
            Action::Compared { .. } => return self,
            Action::Start {
                job,
                name,
                size,
                platform,
            } => ImageState {
                job,
                file: Some((name, size)),
                phase: Phase::Reading(None),
                comparing: Comparing::None,
                notice: None,
                platform,
                tree: Tree::Final,
                filter: String::new(),
                histories: BTreeMap::new(),
                ..s
            }
            .tree_reset(),
            Action::Progress { job, progress }
                if job == s.job && matches!(s.phase, Phase::Reading(_)) =>
            {
                ImageState {
                    phase: Phase::Reading(Some(progress)),
                    ..s
                }
            }
            Action::Done { job, summary } if job == s.job => ImageState {
                phase: Phase::Analyzed(Rc::from(summary)),
                ..s
            }
            .tree_reset(),
            Action::Failed { job, failure } if job == s.job => ImageState {
                phase: Phase::Failed(failure),
                ..s
            },
            Action::Cancel => ImageState {
                job: 0,
                phase: Phase::Empty,
                notice: Some("Reading cancelled.".into()),
                ..s
            }
            .tree_reset(),
            Action::Cancelled { job } if job == s.job && job != 0 => ImageState {
                job: 0,
                phase: Phase::Empty,
                notice: Some("Reading cancelled.".into()),
                ..s
            },
            Action::ShowTree(tree) if tree != s.tree => ImageState {
                tree,
                filter: String::new(),
                ..s
            }
            .tree_reset(),
            Action::SetSort(sort) if sort != s.sort => ImageState { sort, ..s }.tree_reset(),
            Action::SetFilter(filter) => ImageState {
                hits: None,
                filter,
                ..s
            },
            Action::Asked { req, what } => {
                let mut s = s;
                match &what {
                    Pending::Dir(path) => {
                        s.open.insert(path.clone(), None);
                    }
                    Pending::History(path) => {
                        s.histories.insert(path.clone(), None);
                    }
                    Pending::Filter => {}
                }
                if what == Pending::Filter {
                    s.pending.retain(|_, p| *p != Pending::Filter);
                }
                s.pending.insert(req, what);
                s
            }
            Action::Close(path) => {
                let mut s = s;
                let prefix = if path.ends_with('/') {
                    path.clone()
                } else {
                    format!("{path}/")
                };
                s.open.retain(|p, _| *p != path && !p.starts_with(&prefix));
                s.pending.retain(
                    |_, p| !matches!(p, Pending::Dir(d) if *d == path || d.starts_with(&prefix)),
                );
                s
            }
            Action::Answer(nodes) => {
                let mut s = s;
                match s.pending.remove(&nodes.req) {
                    Some(Pending::Dir(path))
                        if nodes.tree == s.tree && s.open.contains_key(&path) =>
                    {
                        s.open.insert(path, Some(nodes));
                    }
                    Some(Pending::Filter)
                        if nodes.tree == s.tree && !s.filter.trim().is_empty() =>
                    {
                        s.hits = Some(nodes)
                    }
                    _ => return self,
                }
                s
            }
            Action::CloseHistory(path) => {
                let mut s = s;
                s.histories.remove(&path);
                s
            }
            Action::History(h) => {
                let mut s = s;
                match s.pending.remove(&h.req) {
                    Some(Pending::History(path)) if s.histories.contains_key(&path) => {
                        s.histories.insert(path, Some(h));
                    }
                    _ => return self,
                }
                s
            }
            _ => return self,
        };
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::image::protocol::{Node, Nodes};

    fn summary() -> Box<Summary> {
        Box::new(Summary {
            format: "docker save".into(),
            compressed_archive: false,
            platform: None,
            platforms: vec![],
            repo_tags: vec![],
            size_bytes: 10,
            user_size_bytes: 5,
            wasted_bytes: 0,
            efficiency: 1.0,
            user_wasted_percent: 0.0,
            final_files: 1,
            final_bytes: 10,
            rules: vec![],
            pass: true,
            layers: vec![],
            trailing_steps: vec![],
            inefficient_files: vec![],
            inefficient_total: 0,
            biggest_files: vec![],
            biggest_dirs: vec![],
            deleted_later_bytes: 0,
            hogs: vec![],
            checks: vec![],
            dockerfile: "FROM scratch\n".into(),
            warnings: vec![],
            file_bytes: 10,
            bytes_read: 10,
            reads: 1,
            elapsed_ms: 1.0,
            timing: Default::default(),
        })
    }

    fn nodes(req: u32, tree: Tree, path: Option<&str>) -> Rc<Nodes> {
        let node = Node {
            path: "/a".into(),
            name: "a".into(),
            kind: "file".into(),
            size_bytes: 1,
            files: 1,
            change: None,
            layer: Some(0),
            link: None,
            setuid: false,
        };
        Rc::new(Nodes {
            req,
            tree,
            path: path.map(str::to_string),
            nodes: vec![node],
            total: 1,
        })
    }

    #[test]
    fn a_job_reads_then_is_analyzed_and_stale_answers_are_dropped() {
        let s = Rc::new(ImageState::default());
        let s = s.reduce(Action::Start {
            job: 1,
            name: "a.tar".into(),
            size: 10,
            platform: None,
        });
        assert!(matches!(s.phase, Phase::Reading(None)));
        let s = s.reduce(Action::Progress {
            job: 1,
            progress: Progress {
                position: 5,
                total: 10,
                ..Progress::default()
            },
        });
        assert!(matches!(&s.phase, Phase::Reading(Some(p)) if p.position == 5));
        // Another file replaces it: the first job's answers no longer count.
        let s = s.reduce(Action::Start {
            job: 2,
            name: "b.tar".into(),
            size: 20,
            platform: None,
        });
        let s2 = s.clone().reduce(Action::Done {
            job: 1,
            summary: summary(),
        });
        assert!(Rc::ptr_eq(&s, &s2), "job 1's result is ignored");
        let s = s.reduce(Action::Done {
            job: 2,
            summary: summary(),
        });
        assert!(s.summary().is_some());
    }

    #[test]
    fn cancel_forgets_the_job_at_once() {
        let s = Rc::new(ImageState::default()).reduce(Action::Start {
            job: 3,
            name: "big.tar".into(),
            size: 1 << 30,
            platform: None,
        });
        let s = s.reduce(Action::Cancel);
        assert_eq!(s.phase, Phase::Empty);
        assert_eq!(s.notice.as_deref(), Some("Reading cancelled."));
        let s = s.reduce(Action::Done {
            job: 3,
            summary: summary(),
        });
        assert_eq!(s.phase, Phase::Empty, "a late result is ignored");
    }

    #[test]
    fn directories_open_close_and_follow_the_tree_shown() {
        let s = Rc::new(ImageState::default())
            .reduce(Action::Start {
                job: 1,
                name: "a.tar".into(),
                size: 10,
                platform: None,
            })
            .reduce(Action::Done {
                job: 1,
                summary: summary(),
            });
        let s = s.reduce(Action::Asked {
            req: 1,
            what: Pending::Dir("/".into()),
        });
        assert_eq!(s.open.get("/"), Some(&None), "shown as loading");
        let s = s.reduce(Action::Answer(nodes(1, Tree::Final, Some("/"))));
        assert!(matches!(s.open.get("/"), Some(Some(_))));
        let s = s
            .reduce(Action::Asked {
                req: 2,
                what: Pending::Dir("/usr".into()),
            })
            .reduce(Action::Asked {
                req: 3,
                what: Pending::Dir("/usr/lib".into()),
            });
        let s = s.reduce(Action::Close("/usr".into()));
        assert!(!s.open.contains_key("/usr/lib") && s.open.contains_key("/"));
        let s = s.reduce(Action::Answer(nodes(3, Tree::Final, Some("/usr/lib"))));
        assert!(
            !s.open.contains_key("/usr/lib"),
            "an answer for a closed directory is dropped"
        );
        // Another tree starts closed; answers for the old one are dropped.
        let s = s
            .reduce(Action::Asked {
                req: 4,
                what: Pending::Dir("/etc".into()),
            })
            .reduce(Action::ShowTree(Tree::Layer(2)));
        assert!(s.open.is_empty());
        let s = s.reduce(Action::Answer(nodes(4, Tree::Final, Some("/etc"))));
        assert!(s.open.is_empty());
    }

    #[test]
    fn a_path_history_opens_and_survives_switching_trees() {
        let s = Rc::new(ImageState::default())
            .reduce(Action::Start {
                job: 1,
                name: "a.tar".into(),
                size: 10,
                platform: None,
            })
            .reduce(Action::Done {
                job: 1,
                summary: summary(),
            });
        let s = s.reduce(Action::Asked {
            req: 5,
            what: Pending::History("/root/saved.txt".into()),
        });
        assert_eq!(s.histories.get("/root/saved.txt"), Some(&None));
        let s = s.reduce(Action::ShowTree(Tree::Layer(3)));
        let h = Rc::new(PathHistory {
            req: 5,
            path: "/root/saved.txt".into(),
            steps: vec![],
        });
        let s = s.reduce(Action::History(h));
        assert!(matches!(s.histories.get("/root/saved.txt"), Some(Some(_))));
        let s = s.reduce(Action::CloseHistory("/root/saved.txt".into()));
        assert!(s.histories.is_empty());
    }

    #[test]
    fn the_latest_filter_wins() {
        let s = Rc::new(ImageState::default()).reduce(Action::SetFilter("py".into()));
        let s = s
            .reduce(Action::Asked {
                req: 1,
                what: Pending::Filter,
            })
            .reduce(Action::SetFilter("pyt".into()))
            .reduce(Action::Asked {
                req: 2,
                what: Pending::Filter,
            });
        let s = s.reduce(Action::Answer(nodes(1, Tree::Final, None)));
        assert!(s.hits.is_none(), "an older filter's answer is dropped");
        let s = s.reduce(Action::Answer(nodes(2, Tree::Final, None)));
        assert!(s.hits.is_some());
        let s = s.reduce(Action::SetFilter(String::new()));
        assert!(s.hits.is_none());
    }
}

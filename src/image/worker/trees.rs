//! The file trees the worker keeps after the analysis — each layer's changes and the final
//! filesystem — and the questions the page asks of them (a folder, a search, a path's history).

use super::super::protocol::{Node, Nodes, PathHistory, PathStep, Query, Sort, Tree, NODE_CAP};
use layerlens_core::image::{Analysis, ChangeKind, Kind};
use std::collections::HashMap;

pub(super) const SETUID: u32 = 0o6000;

/// One layer's changes as a tree (node ids are the analysis's interned paths).
pub(super) struct LayerTree {
    layer: usize,
    nodes: Vec<LayerNode>,
    /// Path node → index in `nodes`.
    at: HashMap<u32, u32>,
}

pub(super) struct LayerNode {
    node: u32,
    kind: Kind,
    change: Option<ChangeKind>,
    size: u64,
    total: u64,
    files: u64,
    setuid: bool,
    children: Vec<u32>,
}

impl LayerNode {
    /// A directory the layer only implies (an ancestor of what it wrote), empty so far.
    fn dir(node: u32) -> LayerNode {
        LayerNode {
            node,
            kind: Kind::Dir,
            change: None,
            size: 0,
            total: 0,
            files: 0,
            setuid: false,
            children: Vec::new(),
        }
    }
}

impl LayerTree {
    fn build(a: &Analysis, layer: usize) -> LayerTree {
        let paths = a.paths();
        let mut nodes = vec![LayerNode::dir(0)];
        let mut at: HashMap<u32, u32> = HashMap::new();
        at.insert(0, 0);
        let setuid: HashMap<u32, bool> = a
            .image
            .layers
            .get(layer)
            .map(|l| {
                l.contents
                    .entries
                    .iter()
                    .filter(|e| e.mode & SETUID != 0 && e.kind == Kind::File)
                    .map(|e| (e.node, true))
                    .collect()
            })
            .unwrap_or_default();
        for ch in a.layer_changes(layer) {
            let Some(id) = paths.find(&ch.path) else {
                continue;
            };
            // Make the node and any missing ancestors (parents before children).
            let mut chain = Vec::new();
            let mut cur = id;
            while !at.contains_key(&cur) {
                chain.push(cur);
                match paths.parent(cur) {
                    Some(p) => cur = p,
                    None => break,
                }
            }
            let mut parent = at.get(&cur).copied().unwrap_or(0);
            for &n in chain.iter().rev() {
                let i = nodes.len() as u32;
                nodes.push(LayerNode::dir(n));
                nodes[parent as usize].children.push(i);
                at.insert(n, i);
                parent = i;
            }
            let i = at[&id] as usize;
            let n = &mut nodes[i];
            n.kind = ch.kind;
            n.change = Some(ch.change);
            n.size = ch.size_bytes;
            n.setuid = setuid.contains_key(&id);
        }
        // Totals bottom-up: children always come after their parent.
        for i in (0..nodes.len()).rev() {
            let own = &nodes[i];
            let (mut total, mut files) = (own.total, own.files);
            if own.kind != Kind::Dir
                && own.change != Some(ChangeKind::Removed)
                && own.change.is_some()
            {
                total += own.size;
                files += 1;
            }
            nodes[i].total = total;
            nodes[i].files = files;
            if i > 0 {
                let p = paths
                    .parent(nodes[i].node)
                    .and_then(|p| at.get(&p).copied())
                    .unwrap_or(0) as usize;
                nodes[p].total += total;
                nodes[p].files += files;
            }
        }
        LayerTree { layer, nodes, at }
    }

    fn node(&self, a: &Analysis, i: u32) -> Node {
        let n = &self.nodes[i as usize];
        let paths = a.paths();
        let removed = n.change == Some(ChangeKind::Removed);
        Node {
            path: paths.path(n.node),
            name: paths.name(n.node).to_string(),
            kind: n.kind.name().into(),
            size_bytes: if removed || n.kind != Kind::Dir {
                n.size.max(n.total)
            } else {
                n.total
            },
            files: n.files,
            change: n.change.map(|c| c.name().to_string()),
            layer: Some(self.layer),
            link: None,
            setuid: n.setuid,
        }
    }
}

/// Answers the page's file-tree questions from the analysis the worker keeps.
pub struct Trees {
    pub analysis: Analysis,
    layer: Option<LayerTree>,
}

pub(super) fn sort_nodes(v: &mut [Node], sort: Sort) {
    match sort {
        Sort::Size => v.sort_by(|a, b| {
            b.size_bytes
                .cmp(&a.size_bytes)
                .then_with(|| a.path.cmp(&b.path))
        }),
        Sort::Name => v.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path))),
    }
}

pub(super) fn final_node(i: layerlens_core::image::NodeInfo) -> Node {
    let dir = i.kind == Kind::Dir;
    Node {
        path: i.path,
        name: i.name,
        kind: i.kind.name().into(),
        size_bytes: if dir { i.total_bytes } else { i.size_bytes },
        files: i.files,
        change: None,
        layer: i.layer,
        link: i.link,
        setuid: !dir && i.mode & SETUID != 0,
    }
}

/// `text` in a path: with a `/` the whole path is searched, else the name.
pub(super) fn matches(path_or_name: &str, text_lower: &str) -> bool {
    path_or_name.to_lowercase().contains(text_lower)
}

impl Trees {
    pub fn new(analysis: Analysis) -> Trees {
        Trees {
            analysis,
            layer: None,
        }
    }

    /// The layer's tree, built on first use; one is kept (the layer shown).
    fn layer_tree(&mut self, layer: usize) {
        if self.layer.as_ref().map(|t| t.layer) != Some(layer) {
            self.layer = Some(LayerTree::build(&self.analysis, layer));
        }
    }

    pub fn answer(&mut self, req: u32, q: &Query) -> Nodes {
        let (tree, path, mut nodes, sort) = match q {
            Query::Children { tree, path, sort } => {
                (*tree, Some(path.clone()), self.children(*tree, path), *sort)
            }
            Query::Filter { tree, text, sort } => (*tree, None, self.filter(*tree, text), *sort),
        };
        sort_nodes(&mut nodes, sort);
        let total = nodes.len();
        nodes.truncate(NODE_CAP);
        Nodes {
            req,
            tree,
            path,
            nodes,
            total,
        }
    }

    pub fn history(&self, req: u32, path: &str) -> PathHistory {
        let steps = self
            .analysis
            .path_history(path)
            .into_iter()
            .map(|(layer, change, size_bytes)| PathStep {
                layer,
                change: change.name().into(),
                size_bytes,
            })
            .collect();
        PathHistory {
            req,
            path: path.to_string(),
            steps,
        }
    }

    fn children(&mut self, tree: Tree, path: &str) -> Vec<Node> {
        match tree {
            Tree::Final => {
                let a = &self.analysis;
                match a.paths().find(path) {
                    Some(id) if a.node(id).is_some() => {
                        a.children(id).into_iter().map(final_node).collect()
                    }
                    _ => Vec::new(),
                }
            }
            Tree::Layer(k) => {
                let id = self.analysis.paths().find(path);
                self.layer_tree(k);
                let (Some(t), a) = (&self.layer, &self.analysis) else {
                    return Vec::new();
                };
                let Some(&local) = id.and_then(|id| t.at.get(&id)) else {
                    return Vec::new();
                };
                t.nodes[local as usize]
                    .children
                    .iter()
                    .map(|&c| t.node(a, c))
                    .collect()
            }
        }
    }

    fn filter(&mut self, tree: Tree, text: &str) -> Vec<Node> {
        let text = text.trim().to_lowercase();
        if text.is_empty() {
            return Vec::new();
        }
        let whole_path = text.contains('/');
        match tree {
            Tree::Final => {
                let a = &self.analysis;
                let paths = a.paths();
                (1..paths.len() as u32)
                    .filter(|&id| {
                        if whole_path {
                            matches(&paths.path(id), &text)
                        } else {
                            matches(paths.name(id), &text)
                        }
                    })
                    .filter_map(|id| a.node(id))
                    .map(final_node)
                    .collect()
            }
            Tree::Layer(k) => {
                self.layer_tree(k);
                let (Some(t), a) = (&self.layer, &self.analysis) else {
                    return Vec::new();
                };
                let paths = a.paths();
                (1..t.nodes.len() as u32)
                    .filter(|&i| {
                        let n = t.nodes[i as usize].node;
                        if whole_path {
                            matches(&paths.path(n), &text)
                        } else {
                            matches(paths.name(n), &text)
                        }
                    })
                    .map(|i| t.node(a, i))
                    .collect()
            }
        }
    }
}

//! The column tree: nesting from the breadcrumbs of list pages, the columns menus show, and
//! every crawled column placed in it.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Column, CrawledPage, Site};
use crate::model::links::page_key;
use crate::model::navigation::NavNode;
use crate::model::page::PageRecord;

/// A node of the column tree as the site's navigation and breadcrumbs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnNode {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Entries found in the column's list, when its list was crawled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<usize>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<ColumnNode>,
}

impl Site {
    /// Every node of the column tree, parents before children.
    pub fn tree_nodes(&self) -> Vec<&ColumnNode> {
        fn walk<'a>(nodes: &'a [ColumnNode], out: &mut Vec<&'a ColumnNode>) {
            for node in nodes {
                out.push(node);
                walk(&node.children, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.column_tree, &mut out);
        out
    }
}

/// The column tree: breadcrumbs of list pages give nesting from the top; menus add the
/// columns a sidebar shows; every crawled column is placed.
pub(super) fn build_tree(pages: &[CrawledPage], columns: &mut [Column]) -> Vec<ColumnNode> {
    let mut roots: Vec<ColumnNode> = Vec::new();
    let by_url: HashMap<String, &PageRecord> = pages
        .iter()
        .map(|p| (page_key(&p.record.url), &*p.record))
        .collect();
    for column in columns.iter() {
        let Some(record) = by_url.get(&page_key(&column.url)) else {
            continue;
        };
        if record.breadcrumb.is_empty() {
            continue;
        }
        let mut steps: Vec<NavNode> = record
            .breadcrumb
            .iter()
            .map(|c| NavNode {
                name: c.name.to_string(),
                url: c.url.as_deref().map(str::to_string),
                children: Vec::new(),
            })
            .collect();
        if let Some(last) = steps.last_mut() {
            last.url.get_or_insert_with(|| column.url.clone());
        }
        insert_path(&mut roots, &steps);
    }
    // Most pages repeat the same site menus: merge each distinct menu once.
    let mut merged: HashSet<&NavNode> = HashSet::new();
    for menu in pages.iter().flat_map(|p| &p.record.menus) {
        if merged.insert(menu) {
            merge_menu(&mut roots, menu);
        }
    }
    for column in columns.iter_mut() {
        let key = page_key(&column.url);
        let is_column = |n: &ColumnNode| n.url.as_deref().is_some_and(|u| page_key(u) == key);
        column.path = match find_path(&roots, &is_column) {
            Some(path) => path.iter().map(|n| n.name.clone()).collect(),
            None => {
                roots.push(ColumnNode {
                    name: column.name.clone(),
                    url: Some(column.url.clone()),
                    entries: None,
                    children: Vec::new(),
                });
                vec![column.name.clone()]
            }
        };
        if let Some(node) = find_mut(&mut roots, &is_column) {
            node.entries = Some(column.entries.len());
        }
    }
    roots
}

fn same_node(node: &ColumnNode, name: &str, url: Option<&str>) -> bool {
    match (node.url.as_deref(), url) {
        (Some(a), Some(b)) if page_key(a) == page_key(b) => true,
        _ => node.name == name,
    }
}

fn insert_path(level: &mut Vec<ColumnNode>, steps: &[NavNode]) {
    let Some((step, rest)) = steps.split_first() else {
        return;
    };
    let index = match level
        .iter()
        .position(|n| same_node(n, &step.name, step.url.as_deref()))
    {
        Some(i) => i,
        None => {
            level.push(ColumnNode {
                name: step.name.clone(),
                url: None,
                entries: None,
                children: Vec::new(),
            });
            level.len() - 1
        }
    };
    let node = &mut level[index];
    if node.url.is_none() {
        node.url = step.url.clone();
    }
    insert_path(&mut node.children, rest);
}

/// Places a menu under the node it names (by URL, else by name anywhere in the tree), else at
/// the top; its children merge the same way one level down.
fn merge_menu(roots: &mut Vec<ColumnNode>, menu: &NavNode) {
    if let Some(node) = find_mut(roots, &|n: &ColumnNode| {
        same_node(n, &menu.name, menu.url.as_deref())
    }) {
        merge_children(node, menu);
        return;
    }
    let mut node = ColumnNode {
        name: menu.name.clone(),
        url: menu.url.clone(),
        entries: None,
        children: Vec::new(),
    };
    merge_children(&mut node, menu);
    roots.push(node);
}

fn merge_children(node: &mut ColumnNode, menu: &NavNode) {
    if node.url.is_none() {
        node.url = menu.url.clone();
    }
    for child in &menu.children {
        match node
            .children
            .iter_mut()
            .find(|n| same_node(n, &child.name, child.url.as_deref()))
        {
            Some(existing) => merge_children(existing, child),
            None => {
                let mut new = ColumnNode {
                    name: child.name.clone(),
                    url: child.url.clone(),
                    entries: None,
                    children: Vec::new(),
                };
                merge_children(&mut new, child);
                node.children.push(new);
            }
        }
    }
}

fn find_mut<'a>(
    level: &'a mut [ColumnNode],
    pred: &dyn Fn(&ColumnNode) -> bool,
) -> Option<&'a mut ColumnNode> {
    for node in level.iter_mut() {
        if pred(node) {
            return Some(node);
        }
        if let Some(found) = find_mut(&mut node.children, pred) {
            return Some(found);
        }
    }
    None
}

/// The nodes from the top down to the first node matching `pred`.
fn find_path<'a>(
    level: &'a [ColumnNode],
    pred: &dyn Fn(&ColumnNode) -> bool,
) -> Option<Vec<&'a ColumnNode>> {
    for node in level {
        if pred(node) {
            return Some(vec![node]);
        }
        if let Some(mut path) = find_path(&node.children, pred) {
            path.insert(0, node);
            return Some(path);
        }
    }
    None
}

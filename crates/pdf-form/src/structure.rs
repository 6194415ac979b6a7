//! Ties each widget into the tagged structure, so a screen reader meets a
//! field where a sighted reader sees it (PDF/UA-1 7.18).
//!
//! Each placeholder is an invisible image whose alt text is `FIELD:` and
//! the field's description, which Typst tags as a `/Figure` at the
//! placeholder's place in the reading order. Here each such figure becomes
//! a `/Form` element whose kids gain an object reference to the widget, and
//! the widget gets a `/StructParent` entry in the parent tree.

use std::collections::{HashMap, HashSet};

use pdf_writer::Ref;

use super::edit;
use super::field::{PREFIX, Widget};
use super::original::{self, Dict, Original};
use super::splice::Output;

/// Parent-tree keys are PDF integers, which readers hold in 32 bits.
const NO_ROOM: &str = "the PDF's structure tree has no room for more parent-tree keys";

/// The structure tree of one pack, with its field placeholders found.
pub struct StructTree<'a> {
    root: u32,
    root_dict: Dict<'a>,
    /// The parent tree (inline in the root, or its object number) and its
    /// `/Nums` as written.
    parent_tree: (Dict<'a>, Option<u32>),
    nums: Vec<&'a [u8]>,
    /// Placeholder figures by their description (alt text after
    /// [`PREFIX`]).
    placeholders: HashMap<String, Placeholder<'a>>,
    next_key: i32,
    /// Parent-tree entries to add: struct parent key → `/Form` element.
    entries: Vec<(i32, u32)>,
}

/// A placeholder figure: its object number, dictionary, and the items of
/// its `/K` (kids) and `/A` (attributes), resolved.
struct Placeholder<'a> {
    id: u32,
    dict: Dict<'a>,
    kids: Vec<&'a [u8]>,
    attributes: Vec<&'a [u8]>,
}

/// How a field appears to assistive technology (ISO 32000-1 14.8.5.6).
pub enum Role {
    RadioButton { checked: bool },
    Text,
}

impl<'a> StructTree<'a> {
    /// Finds the placeholder figures in the structure tree of `pdf`, whose
    /// catalog is `catalog`.
    pub fn read(pdf: &Original<'a>, catalog: &Dict<'a>) -> Result<Self, String> {
        let missing = || "the PDF has no structure tree to put form fields in".to_string();
        let malformed = || "the PDF's structure tree has no flat parent tree".to_string();
        let root = catalog.reference(b"StructTreeRoot").ok_or_else(missing)?;
        let root_dict = pdf.dict(root).ok_or_else(missing)?;
        let tree_value = root_dict.get(b"ParentTree").ok_or_else(malformed)?;
        let parent_tree = (pdf.resolve_dict(tree_value).ok_or_else(malformed)?, original::reference(tree_value));
        let nums = pdf.resolve_array(parent_tree.0.get(b"Nums").ok_or_else(malformed)?).ok_or_else(malformed)?;
        // Typst writes ParentTreeNextKey; without it, start after the
        // largest key in the parent tree so no key is used twice.
        let next_key = match root_dict.get(b"ParentTreeNextKey").and_then(original::integer) {
            Some(key) => key,
            None => nums.iter().step_by(2).filter_map(|k| original::integer(k)).max().map_or(0, |k| k.saturating_add(1)),
        };
        let next_key = i32::try_from(next_key).map_err(|_| NO_ROOM)?;
        let mut placeholders = HashMap::new();
        let mut stack: Vec<u32> = kids(pdf, &root_dict);
        let mut seen = HashSet::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let Some(dict) = pdf.dict(id) else { continue };
            stack.extend(kids(pdf, &dict));
            let Some(description) = dict.get(b"Alt").and_then(original::text).and_then(|alt| alt.strip_prefix(PREFIX).map(str::to_string))
            else {
                continue;
            };
            let kids = dict.get(b"K").map(|k| items(pdf, k)).unwrap_or_default();
            let attributes = dict.get(b"A").map(|a| items(pdf, a)).unwrap_or_default();
            placeholders.insert(description, Placeholder { id, dict, kids, attributes });
        }
        Ok(Self { root, root_dict, parent_tree, nums, placeholders, next_key, entries: Vec::new() })
    }

    /// Turns the placeholder figure of `widget` into a `/Form` element
    /// holding the widget object `id` on `page`, and returns the widget's
    /// `/StructParent` key.
    pub fn tie(&mut self, out: &mut Output, widget: &Widget, id: Ref, page: u32, role: Role) -> Result<i32, String> {
        let placeholder = self.placeholders.remove(&widget.alt).ok_or_else(|| {
            format!(
                "the field `{}` has no tagged placeholder; place fields with `form-field(..)` from templates/parts/fields.typ",
                widget.key
            )
        })?;
        let struct_parent = self.next_key;
        self.next_key = struct_parent.checked_add(1).ok_or(NO_ROOM)?;
        self.entries.push((struct_parent, placeholder.id));

        let print_field = match role {
            Role::RadioButton { checked } => format!("<</O/PrintField/Role/rb/Checked/{}>>", if checked { "on" } else { "off" }),
            Role::Text => "<</O/PrintField/Role/tv>>".to_string(),
        };
        // The figure's layout box was the placeholder image's; the element
        // now stands for the whole field.
        let mut attributes: Vec<Vec<u8>> = Vec::new();
        for &attribute in &placeholder.attributes {
            match original::parse_dict(attribute) {
                Some(dict) if dict.get(b"BBox").is_some() => {
                    attributes.push(edit::rewrite(&dict, &[("BBox", Some(edit::rect(widget.rect)))]))
                }
                _ => attributes.push(attribute.to_vec()),
            }
        }
        attributes.push(print_field.into_bytes());
        let objr = format!("<</Type/OBJR/Obj {} 0 R/Pg {page} 0 R>>", id.get()).into_bytes();
        let mut k = placeholder.kids.clone();
        k.push(&objr);
        let alt = widget.option.as_deref().map(edit::text);
        let value = edit::rewrite(
            &placeholder.dict,
            &[
                ("S", Some(edit::name("Form"))),
                ("Alt", alt),
                ("A", Some(edit::array(attributes.iter().map(Vec::as_slice)))),
                ("K", Some(edit::array(k))),
            ],
        );
        out.replace(placeholder.id, value);
        Ok(struct_parent)
    }

    /// Adds the new parent-tree entries to the tree's root. Widgets' keys
    /// come after every key Typst used, so appending keeps `/Nums` sorted.
    pub fn finish(self, out: &mut Output) {
        let added: Vec<Vec<u8>> =
            self.entries.iter().flat_map(|&(key, elem)| [key.to_string().into_bytes(), edit::reference(elem as i32)]).collect();
        let nums = self.nums.iter().copied().chain(added.iter().map(Vec::as_slice));
        let (tree, tree_id) = &self.parent_tree;
        let tree = edit::rewrite(tree, &[("Nums", Some(edit::array(nums)))]);
        let mut changes = vec![("ParentTreeNextKey", Some(self.next_key.to_string().into_bytes()))];
        // Typst writes the parent tree inline in the root; another writer
        // may make it an object of its own.
        match tree_id {
            Some(tree_id) => out.replace(*tree_id, tree),
            None => changes.push(("ParentTree", Some(tree))),
        }
        out.replace(self.root, edit::rewrite(&self.root_dict, &changes));
    }
}

/// A value that may be one item, an array of them, or a reference to an
/// array, as its items.
fn items<'a>(pdf: &Original<'a>, value: &'a [u8]) -> Vec<&'a [u8]> {
    let resolved = original::reference(value).and_then(|id| pdf.object(id)).unwrap_or(value);
    original::array_items(resolved).unwrap_or_else(|| vec![value])
}

/// The structure elements among `elem`'s kids.
fn kids(pdf: &Original, elem: &Dict) -> Vec<u32> {
    let Some(k) = elem.get(b"K") else { return Vec::new() };
    match original::reference(k) {
        Some(id) if pdf.dict(id).is_some() => vec![id],
        _ => pdf.resolve_array(k).unwrap_or_default().into_iter().filter_map(original::reference).collect(),
    }
}

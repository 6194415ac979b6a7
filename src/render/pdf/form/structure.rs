//! Ties each widget into the tagged structure, so a screen reader meets a
//! field where a sighted reader sees it (PDF/UA-1 7.18).
//!
//! Each placeholder is an invisible image whose alt text is `FIELD:` and
//! the field's description, which Typst tags as a `/Figure` at the
//! placeholder's place in the reading order. Here each such figure becomes a `/Form` element
//! whose kids gain an object reference to the widget, and the widget gets a
//! `/StructParent` entry in the parent tree.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::placeholders::{PREFIX, Widget};
use super::text_string;

/// The structure tree of one pack, with its field placeholders found.
pub struct StructTree {
    root: ObjectId,
    /// Placeholder figures by their description (alt text after
    /// [`PREFIX`]).
    placeholders: HashMap<String, ObjectId>,
    next_key: i64,
    /// Parent-tree entries to add: struct parent key → `/Form` element.
    entries: Vec<(i64, ObjectId)>,
}

/// How a field appears to assistive technology (ISO 32000-1 14.8.5.6).
pub enum Role {
    RadioButton,
    Text,
}

impl StructTree {
    /// Finds the placeholder figures in `doc`'s structure tree.
    pub fn read(doc: &Document) -> Result<Self, String> {
        let missing = || "the PDF has no structure tree to put form fields in".to_string();
        let root = doc.catalog().ok().and_then(|c| c.get(b"StructTreeRoot").ok()).and_then(|o| o.as_reference().ok()).ok_or_else(missing)?;
        let root_dict = doc.get_dictionary(root).map_err(|_| missing())?;
        // Typst writes ParentTreeNextKey; without it, start after the
        // largest key in the parent tree so no key is used twice.
        let next_key = match root_dict.get(b"ParentTreeNextKey").and_then(|o| o.as_i64()) {
            Ok(key) => key,
            Err(_) => largest_key(doc, root_dict).map_or(0, |k| k + 1),
        };
        let mut placeholders = HashMap::new();
        let mut stack: Vec<ObjectId> = kids(root_dict);
        while let Some(id) = stack.pop() {
            let Ok(elem) = doc.get_dictionary(id) else { continue };
            if let Some(description) = elem.get(b"Alt").ok().and_then(decode_text).and_then(|alt| alt.strip_prefix(PREFIX).map(str::to_string)) {
                placeholders.insert(description, id);
            }
            stack.extend(kids(elem));
        }
        Ok(Self { root, placeholders, next_key, entries: Vec::new() })
    }

    /// Turns the placeholder figure of `widget` into a `/Form` element
    /// holding the widget object `id` on `page`, and returns the widget's
    /// `/StructParent` key.
    pub fn tie(&mut self, doc: &mut Document, widget: &Widget, id: ObjectId, page: ObjectId, role: Role) -> Result<i64, String> {
        let elem_id = *self.placeholders.get(&widget.alt).ok_or_else(|| {
            format!("the field `{}` has no tagged placeholder; place fields with `form-field(..)` from templates/parts/fields.typ", widget.key)
        })?;
        let (rect, alt) = (widget.rect, widget.option.as_deref());
        let struct_parent = self.next_key;
        self.next_key += 1;
        self.entries.push((struct_parent, elem_id));
        let elem = doc.get_dictionary_mut(elem_id).map_err(|e| e.to_string())?;
        elem.set("S", Object::Name(b"Form".to_vec()));
        match alt {
            Some(alt) => elem.set("Alt", text_string(alt)),
            None => {
                elem.remove(b"Alt");
            }
        }
        let role_name: &[u8] = match role {
            Role::RadioButton => b"rb",
            Role::Text => b"tv",
        };
        let mut print_field = Dictionary::from_iter([("O", Object::Name(b"PrintField".to_vec())), ("Role", Object::Name(role_name.to_vec()))]);
        if let Role::RadioButton = role {
            print_field.set("Checked", Object::Name(b"off".to_vec()));
        }
        let mut attributes = match elem.get(b"A") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        // The figure's layout box was the invisible marker's; the element
        // now stands for the whole field.
        for attribute in &mut attributes {
            if let Ok(dict) = attribute.as_dict_mut() {
                if dict.has(b"BBox") {
                    dict.set("BBox", Object::Array(rect.iter().map(|&v| Object::Real(v)).collect()));
                }
            }
        }
        attributes.push(Object::Dictionary(print_field));
        elem.set("A", Object::Array(attributes));
        let objr = Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"OBJR".to_vec())),
            ("Obj", Object::Reference(id)),
            ("Pg", Object::Reference(page)),
        ]));
        let mut k = match elem.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        k.push(objr);
        elem.set("K", Object::Array(k));
        Ok(struct_parent)
    }

    /// Writes the new parent-tree entries and returns the objects that
    /// changed (the tree's root, the parent tree and every `/Form`
    /// element). Widgets' keys come after every key Typst used, so
    /// appending keeps `/Nums` sorted.
    pub fn finish(self, doc: &mut Document) -> Result<Vec<ObjectId>, String> {
        let malformed = |what: &str| format!("the PDF's structure tree has {what}");
        let root = doc.get_dictionary(self.root).map_err(|e| e.to_string())?;
        // The parent tree is inline in the root or an object of its own.
        let tree_id = root.get(b"ParentTree").ok().and_then(|o| o.as_reference().ok());
        let tree = match tree_id {
            Some(id) => doc.get_dictionary_mut(id),
            None => doc.get_dictionary_mut(self.root).and_then(|r| r.get_mut(b"ParentTree")).and_then(Object::as_dict_mut),
        }
        .map_err(|_| malformed("no parent tree"))?;
        let Ok(Object::Array(nums)) = tree.get_mut(b"Nums") else { return Err(malformed("a nested parent tree")) };
        for &(key, elem) in &self.entries {
            nums.push(Object::Integer(key));
            nums.push(Object::Reference(elem));
        }
        let root = doc.get_dictionary_mut(self.root).map_err(|e| e.to_string())?;
        root.set("ParentTreeNextKey", Object::Integer(self.next_key));
        let mut changed: Vec<ObjectId> = self.entries.iter().map(|&(_, elem)| elem).collect();
        changed.push(self.root);
        changed.extend(tree_id);
        Ok(changed)
    }
}

/// The largest key of the parent tree (inline or an object of its own).
fn largest_key(doc: &Document, root: &Dictionary) -> Option<i64> {
    let tree = match root.get(b"ParentTree").ok()? {
        Object::Reference(id) => doc.get_dictionary(*id).ok()?,
        Object::Dictionary(d) => d,
        _ => return None,
    };
    let Ok(Object::Array(nums)) = tree.get(b"Nums") else { return None };
    nums.iter().step_by(2).filter_map(|k| k.as_i64().ok()).max()
}

/// The structure elements among `elem`'s kids.
fn kids(elem: &Dictionary) -> Vec<ObjectId> {
    match elem.get(b"K") {
        Ok(Object::Reference(id)) => vec![*id],
        Ok(Object::Array(items)) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
        _ => Vec::new(),
    }
}

/// A PDF text string (PDFDocEncoding or UTF-16BE with a byte-order mark).
fn decode_text(object: &Object) -> Option<String> {
    let bytes = object.as_str().ok()?;
    match bytes {
        [0xFE, 0xFF, rest @ ..] => {
            let units: Vec<u16> = rest.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16(&units).ok()
        }
        _ => Some(bytes.iter().map(|&b| char::from(b)).collect()),
    }
}

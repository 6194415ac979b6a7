//! The field hierarchy. A PDF partial field name (`/T`) may not contain a
//! period (ISO 32000-1 12.7.3.2), so the dotted names framewright gives
//! fields (`l2-01.rating`, `actionplan.1.date`) become a tree: one
//! non-terminal field per prefix (`l2-01`, `actionplan` → `1`) whose kids
//! hold the last part. Readers see the same fully qualified names.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::text_string;

/// The non-terminal fields made so far and the top-level fields.
#[derive(Default)]
pub struct FieldTree {
    /// Non-terminal field by its qualified name.
    nodes: HashMap<String, ObjectId>,
    /// The kids of each non-terminal field so far.
    kids: HashMap<ObjectId, Vec<Object>>,
    /// Top-level fields, in order: the AcroForm's `/Fields`.
    roots: Vec<Object>,
}

impl FieldTree {
    /// Where the field `name` hangs: its parent (none at the top) and its
    /// partial name. Makes the missing non-terminal fields on the way.
    pub fn place(&mut self, doc: &mut Document, name: &str) -> (Option<ObjectId>, String) {
        let mut parent: Option<ObjectId> = None;
        let mut prefix = String::new();
        let mut parts = name.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                return (parent, part.to_string());
            }
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            parent = Some(match self.nodes.get(&prefix) {
                Some(id) => *id,
                None => {
                    let mut dict = Dictionary::from_iter([("T", text_string(part))]);
                    if let Some(p) = parent {
                        dict.set("Parent", Object::Reference(p));
                    }
                    let id = doc.add_object(dict);
                    self.attach(parent, id);
                    self.nodes.insert(prefix.clone(), id);
                    id
                }
            });
        }
        (parent, String::new())
    }

    /// Records `field` as a kid of `parent` (or a top-level field).
    pub fn attach(&mut self, parent: Option<ObjectId>, field: ObjectId) {
        match parent {
            Some(p) => self.kids.entry(p).or_default().push(Object::Reference(field)),
            None => self.roots.push(Object::Reference(field)),
        }
    }

    /// Writes every non-terminal field's `/Kids`; returns `/Fields`.
    pub fn finish(self, doc: &mut Document) -> Result<Vec<Object>, String> {
        for (id, kids) in self.kids {
            doc.get_dictionary_mut(id).map_err(|e| e.to_string())?.set("Kids", Object::Array(kids));
        }
        Ok(self.roots)
    }
}

//! The field hierarchy. A PDF partial field name (`/T`) may not contain a
//! period (ISO 32000-1 12.7.3.2), so the dotted names framewright gives
//! fields (`l2-01.rating`, `actionplan.1.date`) become a tree: one
//! non-terminal field per prefix (`l2-01`, `actionplan` → `1`) whose kids
//! hold the last part. Readers see the same fully qualified names.

use std::collections::HashMap;

use pdf_writer::{Finish, Name, Ref, TextStr};

use super::splice::Output;

/// The non-terminal fields made so far and the top-level fields.
#[derive(Default)]
pub struct FieldTree {
    /// Non-terminal field by its qualified name.
    nodes: HashMap<String, Ref>,
    /// Each non-terminal field's partial name, parent and kids so far, in
    /// the order they were made.
    made: Vec<(Ref, String, Option<Ref>)>,
    kids: HashMap<Ref, Vec<Ref>>,
    /// Top-level fields, in order: the AcroForm's `/Fields`.
    roots: Vec<Ref>,
}

impl FieldTree {
    /// Where the field `name` hangs: its parent (none at the top) and its
    /// partial name. Numbers the missing non-terminal fields on the way.
    pub fn place(&mut self, out: &mut Output, name: &str) -> (Option<Ref>, String) {
        let mut parent: Option<Ref> = None;
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
                    let id = out.alloc();
                    self.made.push((id, part.to_string(), parent));
                    self.attach(parent, id);
                    self.nodes.insert(prefix.clone(), id);
                    id
                }
            });
        }
        (parent, String::new())
    }

    /// Records `field` as a kid of `parent` (or a top-level field).
    pub fn attach(&mut self, parent: Option<Ref>, field: Ref) {
        match parent {
            Some(p) => self.kids.entry(p).or_default().push(field),
            None => self.roots.push(field),
        }
    }

    /// Writes every non-terminal field; returns `/Fields`.
    pub fn finish(mut self, out: &mut Output) -> Vec<Ref> {
        for (id, partial, parent) in &self.made {
            let mut dict = out.object(*id).indirect(*id).dict();
            dict.pair(Name(b"T"), TextStr(partial));
            if let Some(parent) = parent {
                dict.pair(Name(b"Parent"), *parent);
            }
            dict.insert(Name(b"Kids")).array().items(self.kids.remove(id).unwrap_or_default());
            dict.finish();
        }
        self.roots
    }
}

//! CASE identifiers derived with UUID v5 from framewright's own ids, so
//! they never change when text is reworded or a file is rebuilt, and an
//! identifier kept from an import (`case_id`) always wins.

use uuid::Uuid;

use crate::model::{CaseId, Framework};

/// framewright's fixed namespace: UUID v5 of the URL namespace and
/// "https://framewright.invalid/case". Changing it would change every
/// exported identifier, so it never changes.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, b"https://framewright.invalid/case")
}

/// A v5 UUID under `parent` for `name`, as CASE writes it.
pub fn derive(parent: &Uuid, name: &str) -> CaseId {
    CaseId(Uuid::new_v5(parent, name.as_bytes()).hyphenated().to_string())
}

/// The kept identifier, or one derived under the framework's namespace.
pub fn kept_or(kept: Option<&CaseId>, framework: &Uuid, name: &str) -> CaseId {
    kept.cloned().unwrap_or_else(|| derive(framework, name))
}

/// The namespace of one framework: everything it exports is derived under
/// it from framewright ids, so two frameworks never share an identifier.
pub fn framework_namespace(fw: &Framework) -> Uuid {
    Uuid::new_v5(&namespace(), format!("framework/{}", fw.framework.id.value).as_bytes())
}

/// The CFDocument identifier.
pub fn document(fw: &Framework) -> CaseId {
    kept_or(fw.framework.case_id.as_ref(), &namespace(), &format!("framework/{}", fw.framework.id.value))
}

/// An association's identifier: from its two ends and its type, so it is
/// as stable as the items it joins.
pub fn association(origin: &CaseId, kind: &str, destination: &CaseId) -> CaseId {
    derive(&namespace(), &format!("association/{origin}/{kind}/{destination}"))
}

/// An identifier for something global to framewright (an item type).
pub fn global(name: &str) -> CaseId {
    derive(&namespace(), name)
}

/// A `urn:uuid:` URI for an identifier: CASE requires a `uri` on every
/// object, and framewright publishes no server of its own.
pub fn uri(id: &CaseId) -> String {
    format!("urn:uuid:{id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_v5_with_the_rfc_variant() {
        let id = derive(&namespace(), "framework/x");
        let parsed = Uuid::parse_str(id.as_str()).unwrap();
        assert_eq!(parsed.get_version_num(), 5);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(id, derive(&namespace(), "framework/x"));
        assert_ne!(id, derive(&namespace(), "framework/y"));
    }
}

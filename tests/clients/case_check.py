#!/usr/bin/env python3
"""Checks CASE packages the way a CASE consumer would, with `jsonschema`.

Usage: case_check.py VERSION PACKAGE.json [OFFICIAL-SCHEMA.json]

VERSION is 1.1 or 1.0. The package is validated against a JSON Schema built
here from the CASE CFPackage binding's classes (which keys each class
requires and allows, UUID identifiers, date-times, the association types;
every class closed to other keys), using jsonschema's Draft 2019-09
validator with format checking. In 1.0 mode the keys CASE 1.1 added
(caseVersion, frameworkType, extensions, subject, subjectURI, notes on
associations, targetType) are not allowed and the 1.0 association types
apply. When OFFICIAL-SCHEMA is given (the 1EdTech-published
case_v1p1_cfpackage JSON Schema, committed as
tests/fixtures/case/real/case-v1p1-cfpackage.json), the package is validated
against it too, with the validator of the draft the schema declares.

Prints "ok" and exits 0, or prints each error with its JSON path and exits 1.
"""

import json
import sys

import jsonschema

UUID = {"type": "string", "format": "uuid"}
TEXT = {"type": "string"}
DATE_TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
URI = {"type": "string", "format": "uri"}
TYPES_10 = ["isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar", "hasSkillLevel"]
TYPES_11 = TYPES_10 + ["isTranslationOf"]


def build(version):
    v11 = version == "1.1"
    link = {"$ref": "#/$defs/LinkURI"}
    ext = {"type": "object"}

    def cls(required, optional, extra11=None):
        props = dict(required)
        props.update(optional)
        if v11:
            props.update(extra11 or {})
            props.setdefault("extensions", ext)
        return {"type": "object", "properties": props, "required": sorted(required), "additionalProperties": False}

    common = {"identifier": UUID, "uri": URI, "lastChangeDateTime": DATE_TIME}
    defs = {
        "LinkURI": {"type": "object", "properties": {"title": TEXT, "identifier": UUID, "uri": URI}, "required": ["title", "identifier", "uri"], "additionalProperties": False},
        "LinkGenURI": {
            "type": "object",
            "properties": dict({"title": TEXT, "identifier": TEXT, "uri": URI}, **({"targetType": TEXT} if v11 else {})),
            "required": ["title", "identifier", "uri"],
            "additionalProperties": False,
        },
        "Document": cls(
            dict(common, creator=TEXT, title=TEXT),
            {"officialSourceURL": TEXT, "publisher": TEXT, "description": TEXT, "subjectURI": {"type": "array", "items": link},
             "language": TEXT, "version": TEXT, "adoptionStatus": TEXT, "statusStartDate": DATE, "statusEndDate": DATE,
             "licenseURI": link, "notes": TEXT, "subject": {"type": "array", "items": TEXT}},
            {"caseVersion": {"enum": ["1.1"]}, "frameworkType": TEXT},
        ),
        "Item": cls(
            dict(common, fullStatement=TEXT),
            {"alternativeLabel": TEXT, "CFItemType": TEXT, "humanCodingScheme": TEXT, "listEnumeration": TEXT,
             "abbreviatedStatement": TEXT, "conceptKeywords": {"type": "array", "items": TEXT}, "conceptKeywordsURI": link,
             "notes": TEXT, "language": TEXT, "educationLevel": {"type": "array", "items": TEXT}, "CFItemTypeURI": link,
             "licenseURI": link, "statusStartDate": DATE, "statusEndDate": DATE},
            {"subject": {"type": "array", "items": TEXT}, "subjectURI": {"type": "array", "items": link}},
        ),
        "Association": cls(
            dict(common, associationType={"enum": TYPES_11 if v11 else TYPES_10},
                 originNodeURI={"$ref": "#/$defs/LinkGenURI"}, destinationNodeURI={"$ref": "#/$defs/LinkGenURI"}),
            {"sequenceNumber": {"type": "integer"}, "CFAssociationGroupingURI": link},
            {"notes": TEXT},
        ),
        "ItemType": cls(dict(common, title=TEXT, hierarchyCode=TEXT, **({"description": TEXT} if v11 else {})),
                        {"description": TEXT, "typeCode": TEXT}),
        "License": cls(dict(common, title=TEXT, licenseText=TEXT), {"description": TEXT}),
        "Level": cls(common, {"description": TEXT, "quality": TEXT, "score": {"type": "number"}, "feedback": TEXT,
                              "position": {"type": "integer"}, "rubricCriterionId": UUID}),
        "Criterion": cls(common, {"category": TEXT, "description": TEXT, "CFItemURI": link, "weight": {"type": "number"},
                                  "position": {"type": "integer"}, "rubricId": UUID,
                                  "CFRubricCriterionLevels": {"type": "array", "items": {"$ref": "#/$defs/Level"}}}),
        "Rubric": cls(common, {"title": TEXT, "description": TEXT,
                               "CFRubricCriteria": {"type": "array", "items": {"$ref": "#/$defs/Criterion"}}}),
    }
    definitions = cls({}, {"CFItemTypes": {"type": "array", "items": {"$ref": "#/$defs/ItemType"}},
                           "CFLicenses": {"type": "array", "items": {"$ref": "#/$defs/License"}},
                           "CFConcepts": {"type": "array"}, "CFSubjects": {"type": "array"},
                           "CFAssociationGroupings": {"type": "array"}})
    package = cls({"CFDocument": {"$ref": "#/$defs/Document"}},
                  {"CFItems": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
                   "CFAssociations": {"type": "array", "items": {"$ref": "#/$defs/Association"}},
                   "CFDefinitions": definitions,
                   "CFRubrics": {"type": "array", "items": {"$ref": "#/$defs/Rubric"}}})
    package["$schema"] = "https://json-schema.org/draft/2019-09/schema"
    package["$defs"] = defs
    return package


def errors_of(schema, package):
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft201909Validator)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}" for e in validator.iter_errors(package)]


def main():
    version, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        package = json.load(f)
    errors = errors_of(build(version), package)
    if len(sys.argv) > 3:
        with open(sys.argv[3], encoding="utf-8") as f:
            official = json.load(f)
        errors += [f"official schema: {e}" for e in errors_of(official, package)]
    # Formats must really be checked, or the checks above prove little.
    probe = errors_of({"type": "string", "format": "date-time"}, "2025-01-01 10:00") + errors_of(UUID, "not-a-uuid")
    if len(probe) != 2:
        errors.append("jsonschema does not check date-time and uuid formats here (pip install rfc3339-validator)")
    for e in errors[:50]:
        print(e)
    if errors:
        print(f"{len(errors)} errors")
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()

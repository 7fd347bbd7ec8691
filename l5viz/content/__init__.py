"""Loading and schema validation of the content in annotations/ (pure Python: no Qt, no VTK).

Every loader returns what it could load plus a list of Problem (file, message); bad content never raises.
"""

from l5viz.content.clinical import (
    load_all_lesion_content,
    load_clinical_content,
    load_exam,
    load_lesion_content,
    load_roots,
)
from l5viz.content.documents import Problem, load_json_document
from l5viz.content.structures import (
    StructureInfo,
    default_display,
    groups_of,
    load_lesion_terms,
    load_parts,
    load_sources,
    load_structures,
    load_view_words,
    part_phrase,
)
from l5viz.content.validation import validate_annotations

__all__ = [
    "Problem",
    "StructureInfo",
    "default_display",
    "groups_of",
    "load_exam",
    "load_all_lesion_content",
    "load_clinical_content",
    "load_json_document",
    "load_lesion_terms",
    "load_parts",
    "load_roots",
    "load_sources",
    "load_lesion_content",
    "load_structures",
    "load_view_words",
    "part_phrase",
    "validate_annotations",
]

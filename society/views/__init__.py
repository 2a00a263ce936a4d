from .definitions import field_edit, form_copy, form_detail, form_list, form_publish, rule_edit
from .exports import export
from .returns import (
    index,
    return_detail,
    return_edit,
    return_list,
    return_reopen,
    return_start,
    return_submit,
    return_template,
    return_upload,
    return_villages,
    village_add,
)
from .review import completeness, return_review, rollup, round_edit, round_list

__all__ = [
    "completeness",
    "export",
    "field_edit",
    "form_copy",
    "form_detail",
    "form_list",
    "form_publish",
    "index",
    "return_detail",
    "return_edit",
    "return_list",
    "return_reopen",
    "return_review",
    "return_start",
    "return_submit",
    "return_template",
    "return_upload",
    "return_villages",
    "rollup",
    "round_edit",
    "round_list",
    "rule_edit",
    "village_add",
]

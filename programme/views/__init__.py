"""Programme views, split by subject; urls.py refers to them as ``views.<name>``."""

from .commitments import (
    commitment_create,
    commitment_detail,
    commitment_edit,
    indicator_create,
    indicator_edit,
    milestone_create,
    milestone_edit,
    partner_search,
)
from .learning_city import feature_create, feature_edit, feature_evidence, learning_city
from .programmes import overview, programme_edit, signed_document
from .reports import (
    evidence_download,
    report_create,
    report_detail,
    report_edit,
    report_list,
    report_review,
    report_submit,
)
from .targets import target_vs_actual, target_vs_actual_pdf, target_vs_actual_xlsx

__all__ = [
    "commitment_create",
    "commitment_detail",
    "commitment_edit",
    "evidence_download",
    "feature_create",
    "feature_edit",
    "feature_evidence",
    "indicator_create",
    "indicator_edit",
    "learning_city",
    "milestone_create",
    "milestone_edit",
    "partner_search",
    "overview",
    "programme_edit",
    "report_create",
    "report_detail",
    "report_edit",
    "report_list",
    "report_review",
    "report_submit",
    "signed_document",
    "target_vs_actual",
    "target_vs_actual_pdf",
    "target_vs_actual_xlsx",
]

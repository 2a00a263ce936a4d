"""Every write of the awards app: keyword-only, atomic, checking permission and state."""

from .base import AwardsError
from .decisions import (
    _enqueue_certificates,
    certificate_context,
    commendation_certificate,
    decision_generate_certificates,
    decision_next_number,
    decision_record,
    new_certificate_code,
)
from .nominations import (
    NOMINATION_FIELDS,
    document_add,
    document_delete,
    missing_documents,
    nomination_approve,
    nomination_reject,
    nomination_request_info,
    nomination_save,
    nomination_submit,
    nomination_withdraw,
    quota_use,
)
from .registers import discipline_flag_create, discipline_flag_lift, round_save
from .reviews import (
    assignment_create,
    assignment_declare_conflict,
    review_submit,
    round_autoassign,
    score_summary,
    weighted_score,
)

__all__ = [
    "NOMINATION_FIELDS",
    "AwardsError",
    "_enqueue_certificates",
    "assignment_create",
    "assignment_declare_conflict",
    "certificate_context",
    "commendation_certificate",
    "decision_generate_certificates",
    "decision_next_number",
    "decision_record",
    "discipline_flag_create",
    "discipline_flag_lift",
    "document_add",
    "document_delete",
    "missing_documents",
    "new_certificate_code",
    "nomination_approve",
    "nomination_reject",
    "nomination_request_info",
    "nomination_save",
    "nomination_submit",
    "nomination_withdraw",
    "quota_use",
    "review_submit",
    "round_autoassign",
    "round_save",
    "score_summary",
    "weighted_score",
]

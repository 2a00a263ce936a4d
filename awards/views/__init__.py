"""Awards views, split by subject; urls.py refers to them as ``views.<name>``."""

from .councils import council_detail, council_list, council_member_remove, proposal
from .decisions import (
    certificate_download,
    decision_create,
    decision_detail,
    decision_file,
    decision_generate,
    decision_preview,
    decision_progress,
    decision_scan,
)
from .nominations import (
    document_add,
    document_delete,
    document_download,
    nomination_action,
    nomination_assign,
    nomination_create,
    nomination_detail,
    nomination_edit,
    nomination_list,
)
from .registers import (
    discipline_lift,
    discipline_list,
    honour_roll,
    index,
    register,
    register_export,
)
from .reviews import (
    review_conflict,
    review_form,
    review_next,
    review_queue,
)
from .rounds import (
    round_autoassign,
    round_detail,
    round_edit,
    round_list,
    round_ranking,
)
from .search import organisation_search

__all__ = [
    "certificate_download",
    "council_detail",
    "council_list",
    "council_member_remove",
    "proposal",
    "decision_create",
    "decision_detail",
    "decision_file",
    "decision_generate",
    "decision_preview",
    "decision_progress",
    "decision_scan",
    "discipline_lift",
    "discipline_list",
    "document_add",
    "document_delete",
    "document_download",
    "honour_roll",
    "index",
    "nomination_action",
    "nomination_assign",
    "nomination_create",
    "nomination_detail",
    "nomination_edit",
    "nomination_list",
    "register",
    "register_export",
    "organisation_search",
    "review_conflict",
    "review_form",
    "review_next",
    "review_queue",
    "round_autoassign",
    "round_detail",
    "round_edit",
    "round_list",
    "round_ranking",
]

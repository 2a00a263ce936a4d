from .assessments import (  # noqa: F401
    assessment_copy_previous,
    assessment_detail,
    assessment_document,
    assessment_documents,
    assessment_edit,
    assessment_preview,
    assessment_start,
    assessment_summary_pdf,
    evidence_add,
    evidence_delete,
    evidence_download,
)
from .catalogue import (  # noqa: F401
    authority_search,
    cycle_create,
    cycle_detail,
    cycle_edit,
    cycle_list,
)
from .frameworks import (  # noqa: F401
    criterion_delete,
    criterion_edit,
    framework_copy,
    framework_create,
    framework_delete,
    framework_detail,
    framework_edit,
    framework_groups,
    framework_list,
    framework_outcomes,
    framework_preview,
    framework_publish,
)
from .recognition import (  # noqa: F401
    certificate_bundle_download,
    certificate_bundle_progress,
    certificate_bundle_start,
    certificate_pdf,
    decision_create,
    decision_detail,
    decision_document,
    decision_file,
    decision_preview,
    not_recognise,
)
from .review import (  # noqa: F401
    assessment_reopen,
    assessment_review,
    coverage,
    index,
    review_queue,
)
from .schools import (  # noqa: F401
    import_job,
    import_job_run,
    recognition_import,
    reform_import,
    school_detail,
    school_import,
    school_list,
    school_move,
)

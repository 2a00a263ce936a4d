"""The pages the benchmark drives: name -> (role, url template). ``{...}`` placeholders
are filled from targets.json (ids looked up in the data set by bench/targets.py)."""

PAGES = {
    # references
    "trivial view (ceiling)": ("staff", "/bench/trivial/"),
    "admin changelist of schools": ("admin", "/bench/admin/units/school/"),
    # department staff
    "dashboard": ("staff", "/dashboard/"),
    "schools list": ("staff", "/units/schools/"),
    "schools list, filtered": (
        "staff",
        "/units/schools/?area={district}&tier=district&education_level=primary",
    ),
    "schools list, search": ("staff", "/units/schools/?q=Hoa+Ban"),
    "schools list, page 200": ("staff", "/units/schools/?page=200"),
    "schools export, one district (xlsx)": ("staff", "/units/schools/?export=xlsx&area={district}"),
    "units review queue (staff)": ("staff", "/units/review/?status=submitted"),
    # tier reviewer
    "units review queue (reviewer)": ("reviewer", "/units/review/"),
    "assessment review form": ("reviewer", "/units/assessments/{review_assessment}/review/"),
    # principal
    "home (principal)": ("principal", "/"),
    "self-assessment form": ("principal", "/units/assessments/{own_assessment}/edit/"),
    "notifications": ("principal", "/notifications/"),
    # association officer
    "nominations, filtered": ("officer", "/awards/nominations/?status=in_review"),
    "awards review queue": ("officer", "/awards/reviews/"),
    # public
    "honour roll": ("anonymous", "/honours/"),
    "honour roll, page 20": ("anonymous", "/honours/?page=20"),
}

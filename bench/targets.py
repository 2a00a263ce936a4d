"""Print the ids the benchmark needs, as JSON (run with manage.py shell)."""

import json

from accounts.models import AdministrativeArea
from units.enums import AWAITING_REVIEW
from units.models import SelfAssessment

district = AdministrativeArea.objects.get(code="14-116")
open_year = SelfAssessment.objects.order_by("-cycle__year").values_list("cycle__year", flat=True)[0]
own = (
    SelfAssessment.objects.filter(
        cycle__year=open_year,
        school__organisation__code="SL-THCS-CHIENGLE",
    )
    .values_list("pk", flat=True)
    .first()
)
review = (
    SelfAssessment.objects.filter(
        cycle__year=open_year,
        status__in=AWAITING_REVIEW,
        school__organisation__area=district,
        school__organisation__tier="district",
    )
    .order_by("pk")
    .values_list("pk", flat=True)
    .first()
)
print(json.dumps({"district": district.pk, "own_assessment": own, "review_assessment": review}))

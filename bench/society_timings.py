"""Times of the learning-society roll-up over the data set of bench/society_rollup.sh."""

from __future__ import annotations

import os
import statistics
import time


def _time(label: str, call, runs: int) -> None:
    call()  # warm: connection, first plan
    spans = []
    for _i in range(runs):
        start = time.perf_counter()
        call()
        spans.append(time.perf_counter() - start)
    print(
        f"  {label:<48} median {statistics.median(spans) * 1000:8.0f} ms   "
        f"max {max(spans) * 1000:8.0f} ms"
    )


def main() -> None:
    from accounts.models import AdministrativeArea, User
    from society import selectors
    from society.models import CollectionRound, CommuneReturn, ReturnValue, Village

    runs = int(os.environ.get("RUNS", "5"))
    year = (
        CollectionRound.objects.filter(returns__status="accepted")
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    print(
        f"  communes {AdministrativeArea.objects.filter(level='commune').count()}, "
        f"villages {Village.objects.count()}, rounds {CollectionRound.objects.count()}, "
        f"returns {CommuneReturn.objects.count()}, values {ReturnValue.objects.count()}"
    )
    officer = User.objects.get(username="officer")
    admin = User.objects.get(username="admin")
    round_ = CollectionRound.objects.get(year=year)
    province = AdministrativeArea.objects.get(code="XH00")
    _time(
        f"province roll-up {year} (one province)",
        lambda: selectors.rollup(year, province_id=province.pk),
        runs,
    )
    _time(
        f"province roll-up {year}, officer of Sơn La", lambda: selectors.rollup(year, officer), runs
    )
    _time(f"nation roll-up {year} (every province)", lambda: selectors.rollup(year, admin), runs)
    _time(
        f"completeness summary {year}, whole country",
        lambda: selectors.completeness_summary(round_, admin),
        runs,
    )

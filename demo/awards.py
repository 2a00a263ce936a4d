"""Demo awards: the forms of DOMAIN.md §3, a closed round with decisions and
commendations, and an open round with nominations in every state.

Idempotent: rows are found by natural keys (codes, year + title, round + nominee) and
updated in place; documents, transitions and reviews are only added when missing.
Dates derive from today's date so the open round stays open.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.enums import OrganisationKind, Role, Tier
from accounts.models import Membership, Organisation, User
from awards.enums import (
    REQUIRED_DOCUMENTS,
    AchievementKind,
    CollectiveKind,
    CouncilPosition,
    Gender,
    NominationStatus,
    NomineeKind,
    Procedure,
    Recommendation,
)
from awards.models import (
    AwardForm,
    Commendation,
    CouncilMember,
    Decision,
    DisciplineFlag,
    Nomination,
    NominationDocument,
    NominationRound,
    NominationTransition,
    ReviewAssignment,
    ReviewScore,
    RoundForm,
    RubricCriterion,
    normalise_name,
)
from awards.services import council_for, issuer_code, new_certificate_code, public_snapshot
from demo.accounts import DEMO_PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15, Điều 80; Nghị định số 98/2023/NĐ-CP"
CHARTER = "Điều lệ Hội Khuyến học Việt Nam"
# Who may award what (DOMAIN.md §3): code, name_vi, name_en, issuer key, proposer key (None:
# the issuer decides in the app), kind of achievement, legal basis, nominee kind,
# monetary value, quota, criteria. The provincial People's Committee, the Ministry, the
# central Association and the commune People's Committees give their forms on a proposal;
# who proposes the commune's giấy khen is unconfirmed (configurable data).
FORMS = [
    (
        "HKH-GK",
        "Giấy khen của Chủ tịch Hội Khuyến học tỉnh",
        "Certificate of merit of the Chairman of the provincial Association for Learning Promotion",
        "association",
        None,
        AchievementKind.YEARLY,
        CHARTER,
        NomineeKind.BOTH,
        None,
        20,
        "Tập thể, cá nhân có thành tích xuất sắc trong công tác khuyến học, khuyến tài, "
        "xây dựng xã hội học tập trong năm.",
    ),
    (
        "SGD-GK",
        "Giấy khen của Giám đốc Sở GD&ĐT",
        "Certificate of merit of the Director of the DOET",
        "doet",
        None,
        AchievementKind.YEARLY,
        LAW,
        NomineeKind.BOTH,
        None,
        15,
        "Tập thể, cá nhân ngành giáo dục có thành tích tiêu biểu trong dạy học, quản lý và "
        "xây dựng đơn vị học tập.",
    ),
    (
        "UBND-BK",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Certificate of merit of the Chairman of the provincial People's Committee",
        "province",
        "doet",
        AchievementKind.YEARLY,
        LAW,
        NomineeKind.BOTH,
        None,
        5,
        "Thành tích tiêu biểu của tỉnh; Sở GD&ĐT xét và đề nghị Chủ tịch UBND tỉnh khen thưởng.",
    ),
    (
        "BGD-BK",
        "Bằng khen của Bộ trưởng Bộ Giáo dục và Đào tạo",
        "Certificate of merit of the Minister of Education and Training",
        "moet",
        "doet",
        AchievementKind.YEARLY,
        LAW,
        NomineeKind.BOTH,
        None,
        3,
        "Thành tích xuất sắc tiêu biểu của ngành; Sở GD&ĐT đề nghị Bộ trưởng khen thưởng.",
    ),
    (
        "UBNDX-GK",
        "Giấy khen của Chủ tịch UBND xã, phường",
        "Certificate of merit of the Chairman of a commune People's Committee",
        "commune",
        "association",
        AchievementKind.YEARLY,
        LAW,
        NomineeKind.BOTH,
        None,
        10,
        "Tập thể, cá nhân tiêu biểu trong phong trào khuyến học của xã, phường.",
    ),
    (
        "TWH-BK",
        "Bằng khen của Trung ương Hội Khuyến học Việt Nam",
        "Certificate of merit of the Vietnam Association for Learning Promotion",
        "central",
        "association",
        AchievementKind.YEARLY,
        CHARTER,
        NomineeKind.BOTH,
        None,
        3,
        "Thành tích xuất sắc trong công tác khuyến học; Hội Khuyến học tỉnh đề nghị.",
    ),
    (
        "KNC-KH",
        "Kỷ niệm chương “Vì sự nghiệp khuyến học”",
        "Commemorative medal “For the cause of learning promotion”",
        "central",
        "association",
        AchievementKind.SERVICE,
        CHARTER,
        NomineeKind.INDIVIDUAL,
        None,
        10,
        "Cá nhân có nhiều năm đóng góp cho sự nghiệp khuyến học, khuyến tài.",
    ),
    (
        "HB-KH",
        "Học bổng khuyến học",
        "Learning-promotion scholarship",
        "association",
        None,
        AchievementKind.STUDY,
        CHARTER,
        NomineeKind.INDIVIDUAL,
        Decimal("2000000"),
        50,
        "Học sinh có hoàn cảnh khó khăn, vượt khó học tốt.",
    ),
    (
        "GT-KT",
        "Giải thưởng khuyến tài",
        "Talent-promotion prize",
        "association",
        None,
        AchievementKind.OCCASIONAL,
        CHARTER,
        NomineeKind.INDIVIDUAL,
        Decimal("5000000"),
        10,
        "Học sinh đạt giải cấp tỉnh, quốc gia trong các kỳ thi học sinh giỏi.",
    ),
]

CRITERIA = [
    (
        "Thành tích trong học tập, giảng dạy, quản lý",
        "Achievements in learning, teaching or management",
        "3",
    ),
    ("Đóng góp cho khuyến học, khuyến tài", "Contribution to learning and talent promotion", "2"),
    ("Sức lan tỏa, nêu gương", "Influence and example set", "1"),
]


def _round(year: int, title: str, opening: date, submission: date, review: date, forms):
    round_, _ = NominationRound.objects.update_or_create(
        year=year,
        title=title,
        defaults={
            "opening_date": opening,
            "submission_deadline": submission,
            "review_deadline": review,
            "reviews_required": 2,
        },
    )
    for form in forms.values():
        RoundForm.objects.update_or_create(
            round=round_, form=form, defaults={"quota": form.default_quota}
        )
    for order, (vi, en, weight) in enumerate(CRITERIA):
        RubricCriterion.objects.update_or_create(
            round=round_,
            order=order,
            defaults={"name_vi": vi, "name_en": en, "weight": Decimal(weight)},
        )
    return round_


def _nomination(
    round_,
    form,
    by,
    nominating,
    nominee_org,
    name,
    status,
    *,
    kind="individual",
    gender=Gender.FEMALE,
    dob=None,
    position="Giáo viên",
    women=None,
    size=None,
    start=None,
    end=None,
    summary="",
    comment="",
    pupil_grade=None,
    consent=False,
):
    nomination = Nomination.objects.filter(
        round=round_, nominee_name=name, nominating_organisation=nominating
    ).first() or Nomination(round=round_, nominee_name=name, nominating_organisation=nominating)
    nomination.form = form
    nomination.created_by = by
    nomination.nominee_kind = kind
    nomination.nominee_organisation = nominee_org
    if kind == NomineeKind.INDIVIDUAL:
        nomination.gender, nomination.date_of_birth, nomination.position = gender, dob, position
        nomination.collective_kind = ""
    else:
        nomination.gender, nomination.date_of_birth, nomination.position = "", None, ""
        nomination.collective_kind = CollectiveKind.GROUP if size else CollectiveKind.ORGANISATION
        nomination.group_size, nomination.women_percent = size, women
    year = round_.year
    nomination.achievement_start = start or date(year - 1, 9, 1)
    nomination.achievement_end = end or date(year, 5, 31)
    nomination.summary = summary or (
        "Hoàn thành xuất sắc nhiệm vụ năm học; tích cực vận động, xây dựng quỹ khuyến học "
        "và phong trào học tập suốt đời tại đơn vị."
    )
    nomination.is_pupil = pupil_grade is not None
    nomination.grade = pupil_grade
    nomination.public_consent = consent
    nomination.consent_recorded_at = timezone.now() if consent else None
    nomination.status = status
    nomination.status_comment = comment
    if status != NominationStatus.DRAFT and nomination.submitted_at is None:
        nomination.submitted_at = timezone.now()
    nomination.nominee_key = nomination.compute_nominee_key()
    nomination.flags = (
        [{"code": "priority", "level": "priority"}] if nomination.has_priority else []
    )
    nomination.save()
    if status != NominationStatus.DRAFT and not nomination.documents.exists():
        for kind_ in REQUIRED_DOCUMENTS:
            document = NominationDocument(nomination=nomination, kind=kind_, uploaded_by=by)
            document.file.save(f"{kind_}.pdf", ContentFile(PDF), save=False)
            document.save()
    if not nomination.transitions.exists():
        NominationTransition.objects.create(
            nomination=nomination, from_status="", to_status=NominationStatus.DRAFT, by=by
        )
        if status != NominationStatus.DRAFT:
            NominationTransition.objects.create(
                nomination=nomination,
                from_status=NominationStatus.DRAFT,
                to_status=status,
                by=by,
                comment=comment,
            )
    return nomination


def _review(nomination, reviewer, by, scores, recommendation, submitted=True):
    assignment, _ = ReviewAssignment.objects.get_or_create(
        nomination=nomination, reviewer=reviewer, defaults={"assigned_by": by}
    )
    if submitted and assignment.submitted_at is None:
        criteria = list(nomination.round.criteria.all())
        for criterion, score in zip(criteria, scores, strict=True):
            ReviewScore.objects.update_or_create(
                assignment=assignment, criterion=criterion, defaults={"score": Decimal(score)}
            )
        total_weight = sum(c.weight for c in criteria)
        assignment.weighted_score = (
            sum(Decimal(s) * c.weight for c, s in zip(criteria, scores, strict=True)) / total_weight
        ).quantize(Decimal("0.01"))
        assignment.recommendation = recommendation
        assignment.comment = "Hồ sơ đầy đủ, thành tích rõ ràng."
        assignment.submitted_at = timezone.now()
        assignment.save()
    return assignment


def _decision(round_, issuer, number, day, by, nominations, proposer=None, signer=None, code=None):
    decision = Decision.objects.filter(
        issuing_organisation=issuer, year=day.year, number=number
    ).first()
    if decision is None:
        decision = Decision(issuing_organisation=issuer, year=day.year, number=number)
        decision.scanned_document.save(f"quyet-dinh-{number}.pdf", ContentFile(PDF), save=False)
    decision.round = round_
    # a higher body's code as it prints it (the central Association: 448/QĐ-KHVN)
    decision.code = code or issuer_code(issuer)
    decision.date = day
    decision.signer = signer or (
        "Lò Văn Minh" if issuer.kind == OrganisationKind.ASSOCIATION else "Nguyễn Văn Thành"
    )
    decision.created_by = by
    decision.proposing_organisation = proposer
    decision.certificates_total = 0 if proposer else len(nominations)
    decision.save()
    for nomination in nominations:
        Commendation.objects.update_or_create(
            nomination=nomination,
            defaults={
                "decision": decision,
                "nominee_name": nomination.nominee_name,
                "nominee_kind": nomination.nominee_kind,
                "organisation_name": nomination.nominee_organisation.name,
                "form": nomination.form,
                "achievement": nomination.summary,
                **public_snapshot(nomination),
            },
        )
        commendation = nomination.commendation
        if not commendation.code:
            commendation.code = new_certificate_code()
            commendation.save(update_fields=["code"])
    decision.certificates_done = decision.commendations.exclude(certificate="").count()
    decision.save(update_fields=["certificates_done"])
    return decision


def _issuer(code: str, **fields) -> Organisation:
    org, _ = Organisation.objects.update_or_create(code=code, defaults=fields)
    return org


def _commune_committee(base: dict) -> Organisation:
    """The People's Committee of Phường Tô Hiệu (the accounts demo's, if it has one)."""
    ward = next((w for w in base.get("wards", []) if "Tô Hiệu" in w.name), None)
    found = Organisation.objects.filter(
        kind=OrganisationKind.PEOPLES_COMMITTEE, tier=Tier.COMMUNE, area=ward
    ).first()
    if found is not None:
        return found
    return _issuer(
        "UBND-W-TOHIEU",
        name="Ủy ban nhân dân phường Tô Hiệu",
        short_name="UBND phường Tô Hiệu",
        kind=OrganisationKind.PEOPLES_COMMITTEE,
        tier=Tier.COMMUNE,
        area=ward,
    )


def _member_user(username: str, full_name: str, role: str, organisation) -> User:
    user, created = User.objects.get_or_create(username=username)
    user.full_name = full_name
    user.email = f"{username}@learnsociety.local"
    user.is_active = True
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    return user


def _seat(council, user, organisation, position, by) -> None:
    CouncilMember.objects.update_or_create(
        council=council,
        user=user,
        defaults={"organisation": organisation, "position": position, "added_by": by},
    )


def load(base: dict) -> None:
    users = base["users"]
    schools = base["schools"]
    association, doet = base["association"], base["doet"]
    issuers = {
        "association": association,
        "doet": doet,
        "province": _issuer(
            "UBND-14",
            name="Ủy ban nhân dân tỉnh Sơn La",
            short_name="UBND tỉnh",
            kind=OrganisationKind.PEOPLES_COMMITTEE,
            tier=Tier.PROVINCIAL,
            area=base["province"],
        ),
        "moet": base["ministry"],
        "central": _issuer(
            "HKH-VN",
            name="Hội Khuyến học Việt Nam",
            short_name="Trung ương Hội Khuyến học Việt Nam",
            kind=OrganisationKind.CENTRAL_ASSOCIATION,
            tier="",
        ),
        "commune": _commune_committee(base),
    }
    # An earlier demo shipped a "Bằng khen của Sở GD&ĐT": a department head gives only
    # giấy khen (Law 06/2022/QH15 Art. 80). It goes, unless something was given with it.
    stale = AwardForm.objects.filter(code="SGD-BK").first()
    if stale is not None:
        if Nomination.objects.filter(form=stale).exists():
            AwardForm.objects.filter(pk=stale.pk).update(is_active=False)
        else:
            RoundForm.objects.filter(form=stale).delete()
            stale.delete()
    forms = {}
    for (
        code,
        vi,
        en,
        issuer,
        proposer,
        achievement,
        basis,
        kind,
        money,
        quota,
        criteria,
    ) in FORMS:
        forms[code], _ = AwardForm.objects.update_or_create(
            code=code,
            defaults={
                "name_vi": vi,
                "name_en": en,
                "issuing_organisation": issuers[issuer],
                "procedure": Procedure.PROPOSED if proposer else Procedure.DECIDED,
                "proposing_organisation": issuers[proposer] if proposer else None,
                "achievement_kind": achievement,
                "legal_basis": basis,
                "nominee_kind": kind,
                "monetary_value": money,
                "default_quota": quota,
                "criteria": criteria,
                "is_active": True,
            },
        )

    officer, principal, principal2, staff = (
        users["officer"],
        users["principal"],
        users["principal2"],
        users["staff"],
    )
    # The councils: two members of each organisation, and a DOET official sitting on the
    # Association's council (who never reviews what the DOET nominates).
    officer2 = _member_user("officer2", "Quàng Thị Duyên", Role.ASSOCIATION_OFFICER, association)
    staff2 = _member_user("staff2", "Lê Thị Hạnh", Role.DEPARTMENT_STAFF, doet)
    association_council = council_for(organisation=association)
    _seat(association_council, officer, association, CouncilPosition.CHAIR, officer)
    _seat(association_council, officer2, association, CouncilPosition.VICE_CHAIR, officer)
    _seat(association_council, staff2, doet, CouncilPosition.MEMBER, officer)
    doet_council = council_for(organisation=doet)
    _seat(doet_council, staff, doet, CouncilPosition.CHAIR, staff)
    _seat(doet_council, staff2, doet, CouncilPosition.SECRETARY, staff)

    today = timezone.localdate()
    last = today.year - 1
    offered = {k: v for k, v in forms.items() if k != "UBNDX-GK"}
    closed = _round(
        last,
        f"Xét khen thưởng khuyến học năm {last}",
        date(last, 3, 1),
        date(last, 5, 31),
        date(last, 7, 31),
        offered,
    )
    current = _round(
        today.year,
        f"Xét khen thưởng khuyến học năm {today.year}",
        today - timedelta(days=30),
        today + timedelta(days=45),
        today + timedelta(days=75),
        forms,
    )

    chiengle, mocly = schools["SL-THCS-CHIENGLE"], schools["MC-THCS-MOCLY"]
    tohieu = schools["SL-THPT-TOHIEU"]
    S = NominationStatus
    # who nominates (author, nominating organisation, nominee's organisation)
    from_chiengle, from_mocly = (principal, chiengle, chiengle), (principal2, mocly, mocly)
    # Closed round: decided and commended.
    c1 = _nomination(
        closed,
        forms["HKH-GK"],
        *from_chiengle,
        "Bạc Thị Thu",
        S.COMMENDED,
        dob=date(1982, 4, 12),
        start=date(last - 1, 9, 1),
        end=date(last, 5, 31),
        consent=True,
    )
    c2 = _nomination(
        closed,
        forms["HKH-GK"],
        *from_mocly,
        "Tổ Khoa học Tự nhiên",
        S.COMMENDED,
        kind=NomineeKind.COLLECTIVE,
        size=12,
        women=Decimal("75"),
        start=date(last - 1, 9, 1),
        end=date(last, 5, 31),
    )
    # Years of service: no conflict with the yearly awards of the same years.
    c3 = _nomination(
        closed,
        forms["KNC-KH"],
        *from_mocly,
        "Đinh Văn Hùng",
        S.COMMENDED,
        gender=Gender.MALE,
        dob=date(1968, 11, 3),
        position="Hiệu phó",
        start=date(last - 15, 9, 1),
        end=date(last, 5, 31),
        summary="Hơn 15 năm làm công tác khuyến học tại trường và địa phương.",
    )
    c4 = _nomination(
        closed,
        forms["SGD-GK"],
        staff,
        doet,
        tohieu,
        "Trường THPT Tô Hiệu",
        S.COMMENDED,
        kind=NomineeKind.COLLECTIVE,
        women=Decimal("64"),
        start=date(last - 1, 9, 1),
        end=date(last, 5, 31),
    )
    _nomination(
        closed,
        forms["SGD-GK"],
        *from_mocly,
        "Mùa A Sùng",
        S.REJECTED,
        gender=Gender.MALE,
        dob=date(1990, 2, 2),
        comment="Thành tích chưa đủ tiêu chuẩn.",
    )
    for n, scores in ((c1, (9, 9, 8)), (c2, (8, 9, 9)), (c3, (9, 10, 9))):
        _review(n, officer, officer, scores, Recommendation.APPROVE)
        _review(n, officer2, officer, scores, Recommendation.APPROVE)
    _review(c4, staff, staff, (8, 8, 7), Recommendation.APPROVE)
    _review(c4, staff2, staff, (8, 7, 8), Recommendation.APPROVE)
    _decision(closed, association, 12, date(last, 8, 20), officer, [c1, c2])
    _decision(
        closed,
        issuers["central"],
        215,
        date(last, 9, 15),
        officer,
        [c3],
        proposer=association,
        signer="Nguyễn Văn Lộc",
        code="KHVN",
    )
    _decision(closed, doet, 45, date(last, 8, 25), staff, [c4])

    # Open round: every state.
    _nomination(
        current,
        forms["HKH-GK"],
        *from_chiengle,
        "Lường Thị Hoa",
        S.DRAFT,
        dob=date(1988, 6, 15),
    )
    _nomination(
        current,
        forms["HKH-GK"],
        *from_chiengle,
        "Tòng Văn Nam",
        S.SUBMITTED,
        gender=Gender.MALE,
        dob=date(1985, 1, 20),
        position="Tổng phụ trách Đội",
    )
    r1 = _nomination(
        current,
        forms["HKH-GK"],
        *from_mocly,
        "Hà Thị Ngọc",
        S.IN_REVIEW,
        dob=date(1987, 3, 9),
    )
    r2 = _nomination(
        current,
        forms["KNC-KH"],
        *from_mocly,
        "Sồng A Dế",
        S.IN_REVIEW,
        gender=Gender.MALE,
        dob=date(1972, 7, 1),
        position="Giáo viên",
        start=date(today.year - 12, 9, 1),
        end=date(today.year - 1, 12, 31),
        summary="Hơn 12 năm vận động học sinh dân tộc thiểu số đến lớp và xây dựng quỹ "
        "khuyến học của bản.",
    )
    _nomination(
        current,
        forms["SGD-GK"],
        *from_mocly,
        "Tổ Ngữ văn",
        S.MORE_INFO,
        kind=NomineeKind.COLLECTIVE,
        size=8,
        women=Decimal("87.5"),
        comment="Bổ sung biên bản họp xét có chữ ký của các thành viên.",
    )
    rs = _nomination(
        current,
        forms["HKH-GK"],
        staff,
        doet,
        schools["SL-THCS-TOHIEU"],
        "Trường THCS Tô Hiệu",
        S.RESUBMITTED,
        kind=NomineeKind.COLLECTIVE,
        women=Decimal("71"),
    )
    ap = _nomination(
        current,
        forms["HKH-GK"],
        *from_mocly,
        "Lò Thị Xuân",
        S.APPROVED,
        dob=date(1979, 12, 24),
        position="Tổ trưởng chuyên môn",
        consent=True,
    )
    _nomination(
        current,
        forms["SGD-GK"],
        staff,
        doet,
        tohieu,
        "Nguyễn Văn Bình",
        S.REJECTED,
        gender=Gender.MALE,
        dob=date(1983, 5, 5),
        comment="Trùng thành tích đã được khen.",
    )
    bk = _nomination(
        current,
        forms["UBND-BK"],
        staff,
        doet,
        tohieu,
        "Cầm Thị Phương",
        S.APPROVED,
        dob=date(1976, 2, 18),
        position="Hiệu trưởng",
        summary="Năm năm liền hoàn thành xuất sắc nhiệm vụ; trường đạt Đơn vị học tập mức độ 2.",
    )
    # A pupil's scholarship: a pupil's own achievement, and never named in public.
    cm = _nomination(
        current,
        forms["HB-KH"],
        *from_mocly,
        "Vì Thị Mai Anh",
        S.COMMENDED,
        dob=date(today.year - 15, 9, 1),
        position="Học sinh lớp 9A",
        pupil_grade=9,
        start=date(today.year - 1, 9, 1),
        end=date(today.year, 5, 31) if today.month > 5 else today,
        summary="Gia đình khó khăn, em vượt khó học tốt: học sinh giỏi năm học, giải Ba "
        "môn Toán cấp trường.",
    )
    _nomination(
        current,
        forms["HKH-GK"],
        *from_mocly,
        "Quàng Văn Khoa",
        S.WITHDRAWN,
        gender=Gender.MALE,
        dob=date(1991, 8, 8),
    )
    for n in (r1, r2, rs):
        _review(n, officer, officer, None, "", submitted=False)
    for n in (ap, cm):
        _review(n, officer, officer, (9, 8, 9), Recommendation.APPROVE)
        _review(n, officer2, officer, (8, 9, 9), Recommendation.APPROVE)
    _review(bk, staff, staff, (9, 9, 8), Recommendation.APPROVE)
    _review(bk, staff2, staff, (9, 8, 9), Recommendation.APPROVE)
    decided_on = max(today - timedelta(days=3), current.opening_date)
    _decision(
        current, association, 3 if decided_on.year == today.year else 30, decided_on, officer, [cm]
    )

    DisciplineFlag.objects.update_or_create(
        organisation=schools["QN-THCS-MUONGGIANG"],
        normalised_name=normalise_name("Vì Văn Dũng"),
        defaults={
            "person_name": "Vì Văn Dũng",
            "date_of_birth": date(1980, 10, 10),
            "reason": "Đang bị xem xét kỷ luật",
            "is_active": True,
            "created_by": officer,
        },
    )

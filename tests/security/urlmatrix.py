"""Every URL pattern of the project (admin and static excluded), with the arguments the
security tests fill in from the ``world`` fixture."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver, reverse


def url_names() -> dict[str, str]:
    """{namespaced name: route} of every project URL outside the admin."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route.startswith("admin/"):
                    continue
                ns = pattern.namespace
                walk(pattern, route, ":".join(filter(None, [namespace, ns])) or None)
            elif isinstance(pattern, URLPattern):
                if route.startswith(("admin/", "static/", "media")):
                    continue
                assert pattern.name, f"URL {route} has no name"
                found[":".join(filter(None, [namespace, pattern.name]))] = route

    walk(get_resolver(), "", None)
    return found


def _criterion_id(framework) -> int:
    from units.models import Criterion

    return Criterion.objects.filter(group__framework=framework).order_by("pk")[0].pk


def url_kwargs(name: str, objects: dict) -> dict:
    """The arguments of ``name`` for an object inside the principal's school / the
    reviewer's area."""
    o = objects
    table = {
        "verify-certificate": {"code": getattr(o["recognition"], "certificate_code", "LU-X")},
        "accounts:password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "notifications:open": {"pk": o["notification"].pk},
        "notifications:outbox-resend": {"pk": o["reminder"].pk},
        "programme:commitment-detail": {"pk": o["commitment"].pk},
        "programme:commitment-edit": {"pk": o["commitment"].pk},
        "programme:indicator-create": {"pk": o["commitment"].pk},
        "programme:indicator-edit": {"pk": o["indicator"].pk},
        "programme:milestone-create": {"pk": o["commitment"].pk},
        "programme:milestone-edit": {"pk": o["milestone"].pk},
        "programme:report-create": {"pk": o["commitment"].pk},
        "programme:report-detail": {"pk": o["report"].pk},
        "programme:report-edit": {"pk": o["report"].pk},
        "programme:report-submit": {"pk": o["report"].pk},
        "programme:report-review": {"pk": o["report"].pk},
        "programme:evidence-download": {"pk": o["evidence_file"].pk},
        "programme:programme-edit": {"pk": o["programme"].pk},
        "programme:signed-document": {"pk": o["programme"].pk},
        "programme:feature-edit": {"pk": o["feature"].pk},
        "programme:feature-evidence": {"pk": o["feature"].pk},
        "units:school-detail": {"pk": o["school"].pk},
        "units:school-move": {"pk": o["school"].pk},
        "units:framework-detail": {"pk": o["framework"].pk},
        "units:framework-copy": {"pk": o["framework"].pk},
        "units:framework-edit": {"pk": o["framework"].pk},
        "units:framework-outcomes": {"pk": o["framework"].pk},
        "units:framework-groups": {"pk": o["framework"].pk},
        "units:framework-preview": {"pk": o["framework"].pk},
        "units:framework-publish": {"pk": o["framework"].pk},
        "units:framework-delete": {"pk": o["framework"].pk},
        "units:criterion-create": {"pk": o["framework"].pk},
        "units:criterion-edit": {"pk": o["framework"].pk, "cid": _criterion_id(o["framework"])},
        "units:criterion-delete": {"pk": o["framework"].pk, "cid": _criterion_id(o["framework"])},
        "units:cycle-detail": {"pk": o["cycle"].pk},
        "units:cycle-edit": {"pk": o["cycle"].pk},
        "units:assessment-start": {"cycle_pk": o["cycle"].pk},
        "units:decision-create": {"cycle_pk": o["cycle"].pk},
        "units:assessment-detail": {"pk": o["assessment"].pk},
        "units:assessment-edit": {"pk": o["assessment"].pk},
        "units:assessment-copy-previous": {"pk": o["assessment"].pk},
        "units:assessment-preview": {"pk": o["assessment"].pk},
        "units:evidence-add": {"pk": o["assessment"].pk},
        "units:assessment-documents": {"pk": o["assessment"].pk},
        "units:assessment-document": {"pk": o["assessment"].pk, "kind": "request"},
        "units:assessment-summary": {"pk": o["assessment"].pk},
        "units:assessment-review": {"pk": o["assessment"].pk},
        "units:assessment-reopen": {"pk": o["assessment"].pk},
        "units:not-recognise": {"pk": o["assessment"].pk},
        "units:evidence-download": {"pk": o["unit_evidence"].pk},
        "units:evidence-delete": {"pk": o["unit_evidence"].pk},
        "units:decision-detail": {"pk": o["recognition_decision"].pk},
        "units:decision-document": {"pk": o["recognition_decision"].pk},
        "units:decision-preview": {"pk": o["recognition_decision"].pk},
        "units:certificate-bundle-start": {"pk": o["recognition_decision"].pk},
        "units:certificate-bundle-progress": {"pk": o["recognition_decision"].pk},
        "units:certificate-bundle": {"pk": o["recognition_decision"].pk},
        "units:import-job": {"pk": o["import_job"].pk},
        "export-download": {"pk": o["export_job"].pk},
        "units:import-job-run": {"pk": o["import_job"].pk},
        "units:decision-pdf": {"pk": o["recognition_decision"].pk},
        "units:decision-docx": {"pk": o["recognition_decision"].pk},
        "accounts:document-template": {"pk": o["award_decision"].issuing_organisation_id},
        "accounts:signing-certificate": {"pk": o["award_decision"].issuing_organisation_id},
        "accounts:issuer-search": {"purpose": "certificates"},
        "accounts:signing-certificate-remove": {"pk": o["award_decision"].issuing_organisation_id},
        "units:certificate": {"pk": o["recognition"].pk},
        "awards:nomination-detail": {"pk": o["nomination"].pk},
        "awards:nomination-edit": {"pk": o["nomination"].pk},
        "awards:document-add": {"pk": o["nomination"].pk},
        "awards:document-download": {"pk": o["nomination"].pk, "doc": o["document"].pk},
        "awards:document-delete": {"pk": o["nomination"].pk, "doc": o["document"].pk},
        "awards:nomination-action": {"pk": o["nomination"].pk, "action": "approve"},
        "awards:nomination-assign": {"pk": o["nomination"].pk},
        "awards:review-form": {"pk": o["nomination"].pk},
        "awards:review-conflict": {"pk": o["nomination"].pk},
        "awards:round-detail": {"pk": o["round"].pk},
        "awards:round-edit": {"pk": o["round"].pk},
        "awards:round-autoassign": {"pk": o["round"].pk},
        "awards:round-ranking": {"pk": o["round"].pk},
        "awards:decision-create": {
            "pk": o["round"].pk,
            "org": o["award_decision"].issuing_organisation_id,
        },
        "awards:proposal": {"pk": o["round"].pk, "org": o["higher_body"].pk},
        "awards:council-detail": {"org": o["award_decision"].issuing_organisation_id},
        "awards:council-people": {"org": o["award_decision"].issuing_organisation_id},
        "awards:council-organisations": {"org": o["award_decision"].issuing_organisation_id},
        "awards:council-member-remove": {
            "org": o["award_decision"].issuing_organisation_id,
            "pk": o["council_member"].pk,
        },
        "awards:decision-detail": {"pk": o["award_decision"].pk},
        "awards:decision-progress": {"pk": o["award_decision"].pk},
        "awards:decision-generate": {"pk": o["award_decision"].pk},
        "awards:decision-scan": {"pk": o["award_decision"].pk},
        "awards:decision-preview": {"pk": o["award_decision"].pk},
        "awards:decision-pdf": {"pk": o["award_decision"].pk},
        "awards:decision-docx": {"pk": o["award_decision"].pk},
        "awards:certificate-download": {"pk": o["commendation"].pk},
        "awards:discipline-lift": {"pk": o["discipline"].pk},
        "dashboard:export": {"name": "schools"},
        "society:return-start": {"pk": o["society_round"].pk},
        "society:return-detail": {"pk": o["society_return"].pk},
        "society:return-edit": {"pk": o["society_return"].pk},
        "society:return-villages": {"pk": o["society_return"].pk},
        "society:village-add": {"pk": o["society_return"].pk},
        "society:return-submit": {"pk": o["society_return"].pk},
        "society:return-review": {"pk": o["society_return"].pk},
        "society:return-reopen": {"pk": o["society_return"].pk},
        "society:return-template": {"pk": o["society_return"].pk},
        "society:return-upload": {"pk": o["society_return"].pk},
        "society:export": {"name": "returns"},
        "society:round-edit": {"pk": o["society_round"].pk},
        "society:form-detail": {"pk": o["society_form"].pk},
        "society:form-copy": {"pk": o["society_form"].pk},
        "society:form-publish": {"pk": o["society_form"].pk},
        "society:field-create": {"form_pk": o["society_form"].pk},
        "society:field-edit": {"pk": o["society_field"].pk},
        "society:rule-create": {"form_pk": o["society_form"].pk},
        "society:rule-edit": {"pk": o["society_rule"].pk},
        "awards:organisation-search": {"field": "nominee"},
    }
    return table.get(name, {})


def url_for(name: str, objects: dict) -> str:
    return reverse(name, kwargs=url_kwargs(name, objects))

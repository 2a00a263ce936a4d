"""Thin Celery tasks: ids in, a call, a log line."""

import logging

from celery import shared_task

from learnsociety.siteurl import using_base

logger = logging.getLogger(__name__)


@shared_task
def generate_certificate_bundle(*, decision_id: int, base_url: str = "") -> int:

    from .documents import certificate_bundle_generate  # noqa: PLC0415 (import cycle)

    with using_base(base_url):
        made = certificate_bundle_generate(decision_id=decision_id)
    logger.info("generate_certificate_bundle decision=%s made=%s", decision_id, made)
    return made


@shared_task
def run_import(*, job_id: int) -> str:
    from .imports import run_import_job  # noqa: PLC0415 (import cycle)

    state = run_import_job(job_id)
    logger.info("run_import job=%s state=%s", job_id, state)
    return state

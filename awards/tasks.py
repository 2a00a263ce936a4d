"""Thin Celery tasks: ids in, a service call, a log line."""

import logging

from celery import shared_task

from learnsociety.siteurl import using_base

logger = logging.getLogger(__name__)


@shared_task
def generate_certificates(*, decision_id: int, base_url: str = "") -> int:

    from .services import decision_generate_certificates  # noqa: PLC0415 (import cycle)

    with using_base(base_url):
        made = decision_generate_certificates(decision_id=decision_id)
    logger.info("generate_certificates decision=%s made=%s", decision_id, made)
    return made

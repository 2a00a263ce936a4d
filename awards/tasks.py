"""Thin Celery tasks: ids in, a service call, a log line."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def generate_certificates(*, decision_id: int, base_url: str = "") -> int:
    from learnsociety.siteurl import using_base

    from .services import decision_generate_certificates

    with using_base(base_url):
        made = decision_generate_certificates(decision_id=decision_id)
    logger.info("generate_certificates decision=%s made=%s", decision_id, made)
    return made

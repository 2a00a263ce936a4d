"""Role homes start with the next action, above the dashboard and the panels."""

from units import selectors


def test_reviewer_home_opens_with_the_waiting_dossiers(client, demo):
    reviewer = demo["reviewer"]
    waiting = selectors.queue_counts(selectors.review_queue_for(reviewer))["waiting"]
    client.force_login(reviewer)
    html = client.get("/").content.decode()
    assert waiting > 0
    assert html.index('data-testid="next-dossier"') < html.index('data-testid="home-panels"')
    assert f'<span class="badge text-bg-light ms-1">{waiting}</span>' in html


def test_home_without_pending_work_has_no_next_steps(client, demo):
    client.force_login(demo["admin"])
    assert 'data-testid="next-steps"' not in client.get("/").content.decode()

"""Shared fixtures: the bundled sample, loaded once per session."""

from __future__ import annotations

import pytest

from upwork_analytics.paths import SAMPLE_MESSAGES, SAMPLE_PROPOSALS


@pytest.fixture(scope="session")
def sample_proposals():
    from upwork_analytics import load_proposals

    return load_proposals(SAMPLE_PROPOSALS)


@pytest.fixture(scope="session")
def sample_messages():
    from upwork_analytics import load_messages

    return load_messages(SAMPLE_MESSAGES)

import pytest


@pytest.fixture
def login(client, world):
    """login("reviewer") logs the test client in as that user of the `world` fixture and returns it."""

    def as_user(name):
        client.force_login(world["users"][name])
        return client

    return as_user

import pytest


@pytest.mark.django_db
def test_home_page_renders(client, tree):
    response = client.get("/uk/")
    assert response.status_code == 200
    assert "Головна" in response.content.decode()

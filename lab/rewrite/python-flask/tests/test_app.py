from app import app


def test_index():
    assert app.test_client().get("/").data == b"Hello from Flask!"

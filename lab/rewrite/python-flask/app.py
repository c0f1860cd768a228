import os

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "Hello from Flask!"


@app.route("/health")
def health():
    return {"status": "ok"}


if __name__ == "__main__":
    if os.environ.get("SELF_TEST"):
        # One request through the whole app, no socket: what the lab checks.
        response = app.test_client().get("/")
        print(response.status_code, response.get_data(as_text=True))
    else:
        app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))

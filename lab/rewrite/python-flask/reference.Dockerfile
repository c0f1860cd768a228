# Hand-written reference rewrite (lab/rewrite/README.md): what a careful, mechanical
# optimization of ./Dockerfile achieves without knowing the app.
FROM python:3.11-slim

# curl and vim may be used at run time: kept, without Recommends and without the apt lists.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl vim \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .

EXPOSE 5000
CMD ["python", "app.py"]

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN useradd --create-home --uid 1000 nezam
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY conversations ./conversations
COPY storage ./storage
COPY scoring ./scoring
RUN pip install .
USER nezam
VOLUME ["/app/data"]
# waits for PostgreSQL and Redis (one line per attempt), applies the migrations, then webhook mode
# (WEBHOOK_URL set: serves LISTEN, 8080 by default) or long polling; a configuration error exits
# with code 2
EXPOSE 8080
CMD ["nezam-bot", "run"]

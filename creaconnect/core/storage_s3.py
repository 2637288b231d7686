"""The two storages in S3-compatible object storage (``MEDIA_STORAGE=s3``, issue 18).

A module of its own so that boto3 is imported only when the settings select these backends.
The split stays the one of :mod:`creaconnect.core.storage`: the private storage has no URL
(its objects are written with the private ACL; views stream them after their permission
check), the public one links its images at ``MEDIA_PUBLIC_URL``.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from creaconnect.core.storage import NoPublicURL


class S3PrivateStorage(S3Storage):
    """Private files in an S3-compatible bucket (``MEDIA_STORAGE=s3``): objects written with
    the private ACL, and no URL at all, as on disk: views stream them after their permission
    check (creaconnect.core.http.attachment), with ``Cache-Control: private, no-store``."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise NoPublicURL("Private files have no URL: serve them through a view that checks "
                          "permissions (creaconnect.core.http.attachment).")


class S3PublicStorage(S3Storage):
    """Public images in the public bucket (or prefix), linked at ``MEDIA_PUBLIC_URL``: the
    bucket's own address or a CDN in front of it. Unsigned, stable URLs."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        base = settings.MEDIA_PUBLIC_URL
        if not base:
            return super().url(name, parameters, expire, http_method)
        return base.rstrip("/") + "/" + filepath_to_uri(name)

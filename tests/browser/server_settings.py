"""Settings of the uvicorn the browser tests start (tests/browser/conftest.py AsgiServer):
production settings plus one test-only middleware.

Transactional tests flush the database between tests, and Django recreates the content
types with new ids; the long-lived server would keep the old ids in its ContentType cache
and fail on the audit log's foreign key. In production content types never change.
"""

from mpp.settings import *  # noqa: F403
from mpp.settings import MIDDLEWARE

MIDDLEWARE = [*MIDDLEWARE, "tests.browser.server_settings.fresh_content_types"]


def fresh_content_types(get_response):
    from django.contrib.contenttypes.models import ContentType

    def middleware(request):
        ContentType.objects.clear_cache()
        return get_response(request)

    return middleware

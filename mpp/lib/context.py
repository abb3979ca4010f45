from django.conf import settings
from django.http import HttpRequest


def mall(request: HttpRequest) -> dict[str, str]:
    return {"MPP_NAME": settings.MPP_NAME}

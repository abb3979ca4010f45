from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The officer's console (konsol loket): the /counter/ page, the counter endpoints of
    the API and its live socket. It drives counters and tickets and shows its booth's
    alerts, so it sits above them all; no models of its own."""

    name = "console"

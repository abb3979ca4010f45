"""Websocket routes (consumers arrive with the live-calls issue)."""

websocket_urlpatterns: list = []

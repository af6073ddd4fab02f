"""Renderers of results: text (Rich), JSON, HTML, XLSX, CSV. No business logic lives here."""

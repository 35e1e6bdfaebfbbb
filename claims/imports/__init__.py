"""Bulk import and export formats, and import jobs."""

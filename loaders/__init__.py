"""Loaders: turn plans (txt, docx, html) and analysts' tables (CSV, XLSX) into graph deltas."""

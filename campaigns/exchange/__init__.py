"""Files in and out: the exports and imports of contacts, members and sections.

Each kind's columns are declared once (``contacts``, ``organisations``: see ``columns`` and
``formats``), and everything reads those declarations: the CSV and XLSX writers (``export``),
PostgreSQL's COPY of the contacts CSV (``copy``), the strict reader and the import's planner
(``reading``, ``planning``), the command-line files (``files``) and the admin's import with
preview (``admin_import``). Writes (an export's audit record, an import's rows) are in
``services``. docs/exchange.md describes the files.
"""

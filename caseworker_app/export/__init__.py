"""Files and documents that leave Caseworker (CSV extracts; letters, plans and redlines as PDFs)."""

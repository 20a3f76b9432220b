"""Letters to families: the catalogue of letters, their wording, and how a letter is put
together from case data (Qt-free; rendering to PDF is in `caseworker_app.export`)."""

"""From model to document: context builders per kind, the docx adapter, PDF through LibreOffice."""

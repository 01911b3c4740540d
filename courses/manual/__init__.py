"""The training manual: its search page, PDFs and translation status."""

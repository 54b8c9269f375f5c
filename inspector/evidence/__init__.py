"""Evidence rendering that needs Qt or PyAV: the PDF report, index.html, stills and the appeal clip."""

"""Word (.docx) reading for files nobody here wrote: a size-capped zip, a lossless text reader, conversion."""

"""Word (.docx) knowledge of the render layer: a size-capped zip and a lossless reader for files nobody here
wrote, conversion, formatting facts for the Decree 30 checker, and the schema order of property elements."""

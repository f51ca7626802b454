"""WordprocessingML knowledge of the render layer (schema order of property elements, …)."""

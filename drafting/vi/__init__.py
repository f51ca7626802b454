"""Pure Vietnamese helpers: amounts in words, number formats, dates, numbering, timelines."""

from . import words  # noqa: F401  registers the correct "vi" converter with num2words (when num2words loads)

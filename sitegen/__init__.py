"""sitegen: raw newspaper page text in, a static digital edition (数字报) out."""

__version__ = "0.1.0"

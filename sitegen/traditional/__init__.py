"""繁體 (traditional characters): the tables the browser converts a page with and a
reader's query is simplified with, made from OpenCC's dictionaries when a site is built
(tables.py)."""

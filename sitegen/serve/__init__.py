"""`sitegen serve`: a live preview of the site that editors can trust.

In: a build callable and a project's folders. Out: an HTTP server on a loopback address
that serves the last good build, rebuilds on changes (`--watch`) and reloads open pages.
"""

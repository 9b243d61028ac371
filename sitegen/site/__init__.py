"""The e-edition site (数字报网站): article files in, a static site out.

`build.build_site` runs the stages: load (content) -> group (models) -> page types
(pages/, making views with viewkit) -> render (theme) -> write (incremental, output) ->
index (search). Each module's docstring says what it takes and gives.
"""

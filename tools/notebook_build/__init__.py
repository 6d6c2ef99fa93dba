"""The pieces of ``python -m tools.build_notebooks`` (tools/build_notebooks.py documents the build
and the lesson source format): where things are (paths), lesson sources and their markdown
messages (lesson_source), the .pot templates (message_extraction), the .po/.mo catalogs
(catalogs) and the notebooks themselves (notebook_files).
"""

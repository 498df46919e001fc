"""`assemble preview`: the report in the browser, rebuilt on every save (see server.py)."""

"""How people reach the graph: the command line, the HTTP API and the web UI."""

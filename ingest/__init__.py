"""How data gets in: the reference graph, source files (CSV, XLSX, JSON Lines), the demo-data generator."""

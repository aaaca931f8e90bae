"""The workspace: one open store and everything the CLI and the app do with it (ingest, list,
read, remove, compare and save, query, explore, export)."""

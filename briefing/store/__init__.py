"""The data layer: extract contracts, the manifest and atomic writes, validation, the SQL files, and the
DuckDB connection through which every figure a person sees passes, protected (`db.protected`)."""

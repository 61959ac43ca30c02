"""The commands that write extracts: police.uk ingest, the real reference and public data, a force's own
file (supply), the demonstration generators, and what they share (`cli`)."""

"""Who may see what: roles read and checked from `data/roles.toml`, and the audit trail."""

"""Sync through exported files: change recording, merge, signed and encrypted change packs."""

"""Helpers every app may import. Imports no app and no other archive module (import-linter contract)."""

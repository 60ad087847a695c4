"""Helpers every app may import: no app and no other archive module (an import-linter contract)."""

"""The kit every dialog shares: the form engine (fields, forms, repeated groups), the application
engine (sections, confirm, submit, resume, returns), keyboards, replies and the outbox (both sent
after commit), the position interface, i18n, platform profiles, uploads, the receipt PDF.

It imports no dialog (import-linter), so every application and the staff side build on it alone.
"""

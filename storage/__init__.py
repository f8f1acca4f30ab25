"""SQLAlchemy models, Alembic migrations, the case workflow state machine and the document store.

Knows no bot.
"""

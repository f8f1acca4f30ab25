"""The membership application: its declaration (``declaration.MEMBERSHIP``) over the kit's
application engine, and what staff see and do with its files (``staffing.DESK``). Nothing else:
asking, lists, confirm, submit, resume and returns are the engine's."""

from conversations.membership.declaration import MEMBERSHIP
from conversations.membership.staffing import DESK

__all__ = ["DESK", "MEMBERSHIP"]

"""The builder-license application (پروانه اشتغال مجری حقیقی): its declaration
(``declaration.LICENSE``) over the kit's application engine, and what staff see of its files
(``staffing.DESK``). Asking, lists, confirm, submit, resume and returns are the engine's."""

from conversations.license.declaration import LICENSE
from conversations.license.staffing import DESK

__all__ = ["DESK", "LICENSE"]

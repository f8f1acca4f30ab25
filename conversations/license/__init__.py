"""The builder-license application (پروانه اشتغال مجری حقیقی): its declaration
(``declaration.LICENSE``) over the kit's application engine, and the organization's side of its
files: what staff see and do (``staffing.DESK``, its steps in ``organization``) and the
documents reviewer's panel in private (``assessment.Assessment``). Asking, lists, confirm, submit,
resume and returns are the engine's; take, return, reject and notes are the staff side's."""

from conversations.license.assessment import Assessment
from conversations.license.declaration import LICENSE
from conversations.license.staffing import DESK

__all__ = ["DESK", "LICENSE", "Assessment"]

"""Builder-license workflow side effects that more than one step triggers (spec "Workflow"):

inquiries ─(every inquiry answered clear)→ scored, by the system; the applicant is told
(the third reply recorded; or documents review ending again after the technical manager
sent the file back, its inquiries already clear: they concern the person, not the figures)
"""

from __future__ import annotations

from conversations.kit.context import Reach
from storage import cases, license_review
from storage.workflow import Action, Actor, Status, transition


async def advance_when_clear(ctx: Reach, case_id: int) -> bool:
    """Move a file in inquiries whose inquiries are all clear to scored (True when it moved)."""
    case = await cases.get_case(ctx.session, case_id)
    if case is None or case.status != Status.INQUIRIES or not await license_review.all_clear(ctx.session, case_id):
        return False
    await transition(ctx.session, case_id, Action.ADVANCE, Actor.system(), expected_version=case.version)
    await ctx.outbox.tell(case.messenger_user_id, "notify-license-scored", code=case.tracking_code)
    return True

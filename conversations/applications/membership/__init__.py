"""The membership application: its declaration (``declaration.APPLICATION``) — the applicant's
sections, and the organization's side: its process (``process``: workflow, staff steps,
notifications, fee) and the staff's card (``staffing``). Asking, lists, confirm, submit, resume
and returns are the application engine's; reviewing, the staff forms and telling are the staff
side's and the relay's."""

from conversations.applications.membership.declaration import APPLICATION

__all__ = ["APPLICATION"]

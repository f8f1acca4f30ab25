"""The builder-license application (پروانه اشتغال مجری حقیقی): its declaration
(``declaration.APPLICATION``) — the applicant's worksheets, and the organization's side: its
process (``process``: workflow, staff steps, notifications), the documents reviewer's panel and
forms (``assessment``), the inquiries, letters and the license issued (``organization``,
``letters``) and the staff's card (``staffing``). Asking, lists, confirm, submit, resume and
returns are the application engine's; reviewing, the staff forms and telling are the staff side's
and the relay's."""

from conversations.applications.builder_license.declaration import APPLICATION

__all__ = ["APPLICATION"]

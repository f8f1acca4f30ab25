"""The kit every dialog shares: the form engine (fields, forms, repeated groups) that runs the
applicants' forms and the staff's, the application engine (sections, confirm, submit, resume,
returns), the process declaration an application states its organization side with (steps, who
may take them, what they tell, their buttons; ``act``), the one notification relay, keyboards,
replies and the outbox (both sent after commit), the position interface, i18n, platform profiles,
uploads, the printouts.

It imports no dialog (import-linter), so every application and the staff side build on it alone.
"""

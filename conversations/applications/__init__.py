"""The applications the bot runs, one package each: its declaration — the applicant's sections,
and the organization's side (workflow, staff steps, notifications, fee) — and only what is
particular to it. They are independent of each other (an import contract), each registered by
one line of ``bot.wiring``."""

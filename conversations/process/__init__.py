"""Workflow side effects that several dialogs trigger, below the dialogs: approval asks for the
fee, a confirmed payment makes a member. Review and payment both call them; they import no
dialog (import-linter)."""

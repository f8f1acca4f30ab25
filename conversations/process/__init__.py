"""Parts of a process that several applications declare, below the dialogs: the fee (asked, a
slip, refused, confirmed). Applications and the payment dialog both use them; they import no
dialog (import-linter)."""

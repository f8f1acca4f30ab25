"""The organization's side, split by concern: who may act (``auth``), the staff chat's cards and
albums (``posting``), the review dialog over any application kind (``review``), the desk commands
in a private chat (``desk``), and roles for admins (``admin``)."""

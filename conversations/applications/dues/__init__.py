"""Annual membership dues and the settlement certificate (حق عضویت سالانه و گواهی تسویه حساب):
its declaration (``declaration.APPLICATION``) — the years owed and the member's "I pay them" —,
its process (``process``: the fee, the certificate issued on payment), the staff's card
(``staffing``) and its printouts (``texts``). Everything else is the engines'."""

from conversations.applications.dues.declaration import APPLICATION

__all__ = ["APPLICATION"]

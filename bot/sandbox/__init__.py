"""The browser sandbox (``nezam-bot sandbox``): emulator + bot + a messenger-like page."""

from bot.sandbox.server import Sandbox, serve

__all__ = ["Sandbox", "serve"]

"""A fake Telegram/Bale Bot API server (aiohttp): the one emulator the end-to-end tests and the
sandbox both use. It records what the bot sent, injects user updates, and can misbehave like the
real servers (429, Bale's refusals)."""

from bot.emulator.server import BotApiEmulator, ChatMessage, EmulatedBot, FakeUser

__all__ = ["BotApiEmulator", "ChatMessage", "EmulatedBot", "FakeUser"]

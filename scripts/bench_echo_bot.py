"""The floor of ``scripts/bench_dialog.py``: a bare aiogram 3 echo bot (one Dispatcher, one
handler that sends the text back), long polling like ``nezam-bot run``. Not a test, not a
product: it exists so the dialog's throughput can be read as a fraction of what aiogram itself
does on the same machine, against the same emulator, in the same run.

    TELEGRAM_TOKEN=… TELEGRAM_API_BASE=http://127.0.0.1:… python scripts/bench_echo_bot.py

LOG_LEVEL (default INFO, as ``nezam-bot run``) sets the logging level: aiogram logs one line
per handled update at INFO in both bots.
"""

from __future__ import annotations

import asyncio
import logging
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def echo(message: Message) -> None:
    if message.text:
        await message.answer(message.text)


async def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    api = TelegramAPIServer.from_base(os.environ.get("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/"))
    bot = Bot(os.environ["TELEGRAM_TOKEN"], session=AiohttpSession(api=api))
    dispatcher = Dispatcher()
    dispatcher.message.register(echo)
    await dispatcher.start_polling(bot)


if __name__ == "__main__":
    asyncio.run(main())

"""The Bot API emulator itself, through aiogram's own client: what the bot relies on."""

from __future__ import annotations

import io

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramNotFound
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    LabeledPrice,
)

from bot.emulator import BotApiEmulator
from bot.session import make_session
from tests.e2e.conftest import BALE_TOKEN, TELEGRAM_TOKEN
from tests.images import jpeg_bytes, photo

KEYBOARD = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="ok", callback_data="ok")]])


def client(emulator: BotApiEmulator, platform: str) -> Bot:
    token = TELEGRAM_TOKEN if platform == "telegram" else BALE_TOKEN
    return Bot(token, session=make_session(platform, emulator.base_url))


async def test_media_group_files_invoice_and_delete(emulator: BotApiEmulator) -> None:
    bot = client(emulator, "telegram")
    try:
        me = await bot.get_me()
        assert me.id == 1001
        album = await bot.send_media_group(
            -100500,
            [InputMediaPhoto(media=BufferedInputFile(jpeg_bytes(photo(seed=n)), f"{n}.jpg")) for n in range(3)],
        )
        assert len(album) == 3
        assert len({m.media_group_id for m in album}) == 1
        assert album[0].photo is not None
        buffer = io.BytesIO()
        await bot.download(album[0].photo[-1].file_id, destination=buffer)
        assert buffer.getvalue().startswith(b"\xff\xd8")  # the JPEG that was uploaded
        invoice = await bot.send_invoice(
            7,
            "Fee",
            "Membership fee",
            "case:1",
            "IRR",
            [LabeledPrice(label="fee", amount=2_500_000)],
            provider_token="x",
        )
        assert invoice.invoice is not None and invoice.invoice.total_amount == 2_500_000
        assert await bot.answer_pre_checkout_query("pc1", ok=True)
        message = await bot.send_message(7, "hello", reply_markup=KEYBOARD)
        with pytest.raises(TelegramBadRequest, match="not modified"):
            await bot.edit_message_text("hello", chat_id=7, message_id=message.message_id, reply_markup=KEYBOARD)
        assert await bot.delete_message(7, message.message_id)
        assert emulator.bots[TELEGRAM_TOKEN].chat(7)[-1].invoice is not None
    finally:
        await bot.session.close()


async def test_the_bale_profile_plays_the_published_facts(emulator: BotApiEmulator) -> None:
    bale = emulator.bots[BALE_TOKEN]
    assert bale.facts is not None
    bot = client(emulator, "bale")
    plain = Bot(BALE_TOKEN, session=make_session("telegram", emulator.base_url))  # Telegram-style requests
    try:
        message = await bot.send_message(7, "choose", reply_markup=KEYBOARD)
        await bot.edit_message_text("changed", chat_id=7, message_id=message.message_id, reply_markup=KEYBOARD)
        bale.facts.inline_edits_refused = True
        with pytest.raises(TelegramBadRequest, match="can not be edited"):
            await bot.edit_message_text("again", chat_id=7, message_id=message.message_id)
        # Markdown whatever parse_mode says (ignored, not refused); the bot's session neutralises it
        sent = await plain.send_message(7, "a *b* _c_ [d](e) <b>f</b>", parse_mode="HTML")
        assert sent.text == "a b c d <b>f</b>" and {e.type for e in sent.entities or []} == {
            "bold",
            "italic",
            "text_link",
        }
        assert (await bot.send_message(7, "a *b* _c_ [d](e)")).text == "a *b* _c_ [d](e)"
        assert bale.chat(7)[-1].sent != bale.chat(7)[-1].text  # sent with invisible word joiners
        with pytest.raises(TelegramBadRequest, match="invalid action"):
            await plain.send_chat_action(7, "upload_document")
        assert await bot.send_chat_action(7, "typing")
        with pytest.raises(TelegramNotFound):
            await bot.set_my_commands([BotCommand(command="start", description="start")])
        with pytest.raises(TelegramBadRequest, match="attach://"):
            await plain.send_document(7, BufferedInputFile(b"%PDF-1.4\n%%EOF", "r.pdf"))
        sent = await bot.send_document(7, BufferedInputFile(b"%PDF-1.4\n%%EOF", "r.pdf"))  # plain multipart part
        assert sent.document is not None and sent.document.file_name == "r.pdf"
        assert bale.chat_json(-100500)["type"] == "group"  # Bale has no supergroups
        assert emulator.bots[TELEGRAM_TOKEN].chat_json(-100500)["type"] == "supergroup"
        with pytest.raises(TelegramBadRequest, match="IRR"):
            await bot.send_invoice(
                7, "Fee", "Fee", "case:1", "USD", [LabeledPrice(label="fee", amount=1)], provider_token="x"
            )
    finally:
        await bot.session.close()
        await plain.session.close()


async def test_an_injected_server_error_is_retried(emulator: BotApiEmulator) -> None:
    emulator.bots[TELEGRAM_TOKEN].fail_next("sendMessage", status=500, times=2)
    bot = client(emulator, "telegram")
    try:
        message = await bot.send_message(7, "after two failures")
        assert message.text == "after two failures"
        assert [e[1] for e in emulator.bots[TELEGRAM_TOKEN].errors] == [500, 500]
    finally:
        await bot.session.close()

## /whoami and the bot added to a group: the ids the settings need (conversations/whoami.py).

whoami-private = Your user id:
    { $user }
    (for the admins' setting TELEGRAM_ADMIN_IDS / BALE_ADMIN_IDS, or /staff add)
whoami-group = Your user id:
    { $user }
    This group's id:
    { $chat }
    To make this group the staff chat: { $variable }={ $chat } in the bot's settings, then restart the bot.
whoami-added-group = Thank you for adding me. This group's id:
    { $chat }
    To make it the staff chat, the bot's operator sets { $variable }={ $chat } and restarts the bot. /whoami tells anyone their own user id.
whoami-added-channel = Thank you for adding me. This channel's id:
    { $chat }
    To make it the staff chat, the bot's operator sets { $variable }={ $chat } and restarts the bot (the bot must be an administrator that may post).

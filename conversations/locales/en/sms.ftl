# SMS (issue 24): one part each (at most 160 GSM characters), tracking code included;
# the tracking code only — never a name or a national code
sms-returned = Engineering Org: file { $code } came back for corrections; see the bot.
sms-rejected = Engineering Org: file { $code } was rejected; the reason is in the bot.
sms-slip-refused = Engineering Org: the payment slip of file { $code } was not accepted; see the bot.
sms-approved = Engineering Org: file { $code } is approved; pay the fee in the bot.
sms-dues = Engineering Org: pay the membership dues of file { $code } in the bot.
sms-member = Engineering Org: the payment of file { $code } is confirmed; your membership is complete.
sms-dues-settled = Engineering Org: the dues of file { $code } are settled; the certificate is in the bot.
sms-license-sent = Engineering Org: file { $code } was sent to the Roads and Urban Development office.
sms-license-closed = Engineering Org: the builder license of file { $code } is issued; see the bot.
sms-license-revoked = Engineering Org: the builder license of file { $code } was revoked; the reason is in the bot.
sms-reminder-draft = Engineering Org: draft { $code } is unfinished; continue in the bot.
sms-reminder-returned = Engineering Org: returned file { $code } is waiting for your corrections.
sms-reminder-fee = Engineering Org: the fee of file { $code } is not paid yet.

# reminders in the chat (chat first; the last one of each goes by SMS too)
reminder-draft = ⏰ Your { $kind } draft (code { $code }) has not been touched since { $since }. Continue where you left off whenever you are ready.
reminder-draft-last = ⏰ Your { $kind } draft (code { $code }) has not been touched since { $since }. This is the last reminder.
reminder-draft-kept = Drafts untouched for { $days } days are deleted; this one goes on { $date } if nobody touches it (you will be told two weeks before).
reminder-returned = ⏰ File { $code } has been in your cartable for corrections since { $since } and is not sent again yet.
reminder-returned-last = ⏰ File { $code } has been in your cartable for corrections since { $since } and is not sent again yet. This is the last reminder.
reminder-fee = ⏰ The fee of file { $code } ({ $fee } rials) has been waiting since { $since }.
reminder-fee-last = ⏰ The fee of file { $code } ({ $fee } rials) has been waiting since { $since }. This is the last reminder.
reminder-off-hint = Turn reminders off with /notifications; decisions always reach you.

# /notifications
cmd-notifications = Reminders and SMS
notifications-on = 🔔 Reminders are on: if a draft is left unfinished, a returned file is not sent again or a fee is not paid, you are reminded a few times{ $sms ->
    [yes] {" "}(the last time by SMS too).
   *[no] .
}
notifications-off = 🔕 Reminders are off.
notifications-decisions = The organization's decisions on your files (returned, approved, rejected, issued) always reach you{ $sms ->
    [yes] , in the bot and by SMS to the number you confirmed.
   *[no] .
}
btn-reminders-off = 🔕 Turn reminders off
btn-reminders-on = 🔔 Turn reminders on
notifications-turned-off = Reminders are off.
notifications-turned-on = Reminders are on.

# the admins, when the SMS provider refuses every message (at most once an hour)
sms-alert-credit = ⚠️ SMS are not going out: the { $provider } account has no credit left ({ $reason }). The bot's messages still reach everyone; once the account is topped up, the next SMS go out.
sms-alert-key = ⚠️ SMS are not going out: { $provider } refused SMS_API_KEY ({ $reason }). The bot's messages still reach everyone; fix the key in the settings.

# SMS (issue 24): one part each (at most 70 characters in Persian, tracking code included);
# the tracking code only — never a name or a national code
sms-returned = نظام مهندسی: پرونده { $code } برای اصلاح برگشت خورد؛ در بات ببینید.
sms-rejected = نظام مهندسی: پرونده { $code } رد شد؛ دلیل در بات آمده است.
sms-slip-refused = نظام مهندسی: فیش پرونده { $code } پذیرفته نشد؛ در بات ببینید.
sms-approved = نظام مهندسی: پرونده { $code } تأیید شد؛ هزینه را در بات بپردازید.
sms-dues = نظام مهندسی: حق عضویت پرونده { $code } را در بات بپردازید.
sms-member = نظام مهندسی: پرداخت پرونده { $code } تأیید شد؛ عضویت شما کامل است.
sms-dues-settled = نظام مهندسی: حق عضویت پرونده { $code } تسویه شد؛ گواهی در بات است.
sms-license-sent = نظام مهندسی: پرونده { $code } به اداره راه و شهرسازی فرستاده شد.
sms-license-closed = نظام مهندسی: پروانه مجری پرونده { $code } صادر شد؛ در بات ببینید.
sms-license-revoked = نظام مهندسی: پروانه مجری پرونده { $code } باطل شد؛ دلیل در بات.
sms-reminder-draft = نظام مهندسی: پیش‌نویس { $code } نیمه‌کاره مانده؛ در بات ادامه دهید.
sms-reminder-returned = نظام مهندسی: پرونده برگشتی { $code } منتظر اصلاح شماست.
sms-reminder-fee = نظام مهندسی: هزینه پرونده { $code } هنوز پرداخت نشده است.

# reminders in the chat (chat first; the last one of each goes by SMS too)
reminder-draft = ⏰ پیش‌نویس { $kind } شما (کد { $code }) از { $since } دست‌نخورده مانده است. هر وقت آماده بودید، از همان جایی که ماندید ادامه دهید.
reminder-draft-last = ⏰ پیش‌نویس { $kind } شما (کد { $code }) از { $since } دست‌نخورده مانده است. این آخرین یادآوری است.
reminder-draft-kept = پیش‌نویس‌هایی که { $days } روز دست‌نخورده بمانند پاک می‌شوند؛ این یکی اگر دست‌نخورده بماند { $date } پاک می‌شود (دو هفته پیش از آن خبرتان می‌کنیم).
reminder-returned = ⏰ پرونده { $code } از { $since } برای اصلاح در کارتابل شماست و هنوز دوباره ارسال نشده است.
reminder-returned-last = ⏰ پرونده { $code } از { $since } برای اصلاح در کارتابل شماست و هنوز دوباره ارسال نشده است. این آخرین یادآوری است.
reminder-fee = ⏰ هزینه پرونده { $code } ({ $fee } ریال) از { $since } منتظر پرداخت است.
reminder-fee-last = ⏰ هزینه پرونده { $code } ({ $fee } ریال) از { $since } منتظر پرداخت است. این آخرین یادآوری است.
reminder-off-hint = یادآوری‌ها را با /notifications خاموش کنید؛ خبر تصمیم‌ها همیشه می‌رسد.

# /notifications
cmd-notifications = یادآوری‌ها و پیامک‌ها
notifications-on = 🔔 یادآوری‌ها روشن است: اگر پیش‌نویسی نیمه‌کاره بماند، پرونده برگشتی دوباره ارسال نشود یا هزینه‌ای پرداخت نشود، چند بار یادآوری می‌کنیم{ $sms ->
    [yes] {" "}(آخرین بار با پیامک هم).
   *[no] .
}
notifications-off = 🔕 یادآوری‌ها خاموش است.
notifications-decisions = خبر تصمیم‌های سازمان درباره پرونده‌هایتان (برگشت، تأیید، رد، صدور) همیشه می‌رسد{ $sms ->
    [yes] ، در بات و با پیامک به شماره‌ای که تأیید کرده‌اید.
   *[no] .
}
btn-reminders-off = 🔕 خاموش کردن یادآوری‌ها
btn-reminders-on = 🔔 روشن کردن یادآوری‌ها
notifications-turned-off = یادآوری‌ها خاموش شد.
notifications-turned-on = یادآوری‌ها روشن شد.

# the admins, when the SMS provider refuses every message (at most once an hour)
sms-alert-credit = ⚠️ پیامک‌ها ارسال نمی‌شوند: اعتبار حساب { $provider } تمام شده است ({ $reason }). پیام‌های بات همچنان می‌رسند؛ پس از شارژ حساب، پیامک‌های بعدی ارسال می‌شوند.
sms-alert-key = ⚠️ پیامک‌ها ارسال نمی‌شوند: { $provider } کلید SMS_API_KEY را نپذیرفت ({ $reason }). پیام‌های بات همچنان می‌رسند؛ کلید را در تنظیمات درست کنید.

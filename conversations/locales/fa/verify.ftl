## Verifiable documents (issue 27): the code on every PDF, /verify in the bot, the public page.

verify-pdf-label = کد اصالت سند — با اسکن کد QR یا در نشانی زیر بررسی کنید
verify-pdf-label-bot = کد اصالت سند — در بات با فرمان زیر بررسی کنید
verify-kind-receipt = رسید { $application }
verify-kind-letter_disciplinary = نامه استعلام شورای انتظامی
verify-kind-letter_finance = گواهی تسویه حساب امور مالی (پروانه مجری)
verify-kind-letter_execution = نامه استعلام کارهای اجرایی
verify-kind-settlement_certificate = گواهی تسویه حساب حق عضویت
verify-kind-dossier = پرونده ارسالی به اداره راه و شهرسازی (کاربرگ‌های ۱ و ۷)
verify-kind-license_issued = اعلام صدور پروانه اشتغال مجری حقیقی
verify-organization = صادرکننده
verify-kind = نوع سند
verify-number = شماره
verify-issued = تاریخ صدور
verify-holder = به نام
verify-code = کد اصالت
verify-status = وضعیت
verify-status-valid = ✅ معتبر
verify-status-superseded = ⚠️ جایگزین‌شده: سند جدیدتری از همین نوع در { $date } صادر شده است
verify-status-revoked = ⛔ باطل‌شده در { $date }
verify-title = 🔎 نتیجه بررسی اصالت سند:
verify-ask = کد اصالت سند را بفرستید (ده حرف و رقم پایین سند، مانند K7Q2M-X9D4T). برای بازگشت /menu را بزنید.
verify-malformed = «{ $text }» کد اصالت نیست: کد ده حرف و رقم لاتین است که پایین سند کنار کد QR چاپ شده (مانند K7Q2M-X9D4T).
verify-unknown = سندی با کد { $code } صادر نشده است. کد را دوباره با سند مقایسه کنید؛ اگر درست است، سند معتبر نیست.
verify-limited = بررسی‌های شما در این دقیقه از حد گذشت. یک دقیقه دیگر دوباره بفرستید.
verify-page-title = بررسی اصالت سند
verify-page-valid = این سند را { $organization } صادر کرده است.
verify-page-unknown-title = سند پیدا نشد
verify-page-unknown = سندی با این کد صادر نشده است. کد را دوباره با سند مقایسه کنید؛ اگر درست است، سند معتبر نیست.
verify-page-limited = درخواست‌های شما در این دقیقه از حد گذشت؛ یک دقیقه دیگر دوباره امتحان کنید.
verify-page-note = این صفحه فقط نوع، شماره، تاریخ و وضعیت سند را نشان می‌دهد؛ نام دارنده برای حفظ حریم خصوصی کامل نمایش داده نمی‌شود. همین بررسی در بات سازمان با فرمان { "\u200e" }/verify نیز ممکن است.
verify-page-other-language = English

## the license-issued notice, and revoking a license

license-notice-title = اعلام صدور پروانه اشتغال به کار مجری حقیقی
license-notice-body = بدین‌وسیله اعلام می‌شود پروانه اشتغال به کار مجری حقیقی { $engineer } با مشخصات زیر از سوی اداره کل راه و شهرسازی صادر شده است.
license-notice-holder = دارنده پروانه
license-notice-national-code = کد ملی
license-notice-number = شماره پروانه
license-notice-grade = پایه
license-notice-date = تاریخ صدور پروانه
license-notice-file = کد رهگیری پرونده
license-notice-check = اصالت و اعتبار این اعلام را با کد پایین صفحه بررسی کنید؛ پروانه‌ای که باطل شود در همان نشانی «باطل‌شده» نمایش داده می‌شود.
license-notice-signature = واحد مجریان ذیصلاح
license-notice-caption = 📄 اعلام صدور پروانه (نامه شماره { $number })
btn-license-revoke = ⛔ ابطال پروانه
prompt-revoke = پروانه پرونده { $code } را باطل می‌کنید: دلیل ابطال را بنویسید (به متقاضی گفته می‌شود).
revoke-recorded = ⛔ پروانه پرونده { $code } باطل شد و به متقاضی اطلاع داده شد؛ بررسی اصالت آن از این پس «باطل‌شده» نشان می‌دهد.
notify-license-revoked = ⛔ پروانه مجری حقیقی شماره { $number } (پرونده { $code }) باطل شد. دلیل: { $note }
status-revoked = پروانه باطل‌شده
action-revoke = ابطال پروانه
cmd-verify = بررسی اصالت سند

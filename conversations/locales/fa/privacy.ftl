# /mydata: what the organization holds about the applicant, and deleting a draft (issue 28)
cmd-mydata = اطلاعات من و حذف پیش‌نویس
mydata-caption = همه اطلاعاتی که از شما نگه داشته‌ایم، در یک فایل.
mydata-files-title = پرونده‌های شما:
mydata-draft-line = • { $code } — { $kind }: پیش‌نویس؛ می‌توانید آن را حذف کنید.
mydata-kept-line = • { $code } — { $kind }: { $status }
mydata-submitted-why = پرونده‌ای که ارسال شده جزو سوابق سازمان است و شما نمی‌توانید آن را حذف کنید. برای اصلاح یا حذف اطلاعات آن به { $org } (دفتر نمایندگی یا واحد عضویت) مراجعه کنید و کد رهگیری را همراه داشته باشید.
mydata-nothing-to-delete = پیش‌نویسی ندارید که بتوان حذف کرد.
btn-mydata-delete = 🗑 حذف پیش‌نویس { $code }
btn-mydata-keep = ✅ نگه داشتن پیش‌نویس
btn-mydata-delete-yes = 🗑 بله، حذف شود
btn-mydata-delete-no = ↩️ نه، نگه دار
mydata-delete-confirm = پیش‌نویس { $code } ({ $kind }) با همه پاسخ‌ها و مدارک آن حذف شود؟ این کار برگشت‌پذیر نیست.
mydata-deleted = پیش‌نویس { $code } با { $documents } مدرک و همه پاسخ‌هایش حذف شد.
mydata-delete-kept = پیش‌نویس { $code } حذف نشد.
mydata-not-a-draft = پرونده { $code } دیگر پیش‌نویس نیست و شما نمی‌توانید آن را حذف کنید.
mydata-draft-kept = پیش‌نویس { $code } نگه داشته شد. ادامه از همان جایی که بودید:

# the PDF
mydata-title = اطلاعات شما نزد { $org }
mydata-intro = این فایل در { $date } تهیه شده و همه اطلاعاتی را که ربات از شما نگه می‌دارد نشان می‌دهد: حساب پیام‌رسان، مشخصات هویتی، و هر پرونده با پاسخ‌ها، فهرست مدارک و سوابق آن.
mydata-account = حساب پیام‌رسان
mydata-messenger = پیام‌رسان
mydata-messenger-telegram = تلگرام
mydata-messenger-bale = بله
mydata-account-id = شناسه حساب
mydata-language = زبان
mydata-language-fa = فارسی
mydata-language-en = انگلیسی
mydata-mobile = شماره همراه تاییدشده
mydata-rules = پذیرش قوانین
mydata-attempts = تلاش حساب‌های دیگر برای استفاده از کد ملی شما
mydata-identity = مشخصات هویتی
mydata-no-identity = مشخصات هویتی از شما ثبت نشده است.
mydata-file = پرونده { $code } — { $kind }
mydata-status = وضعیت
mydata-created = ایجاد
mydata-submitted = ارسال
mydata-updated = آخرین تغییر
mydata-office = دفتر نمایندگی
mydata-documents-deleted = مدارک حذف‌شده طبق سیاست نگهداری
mydata-answers = پاسخ‌ها
mydata-documents = مدارک
mydata-documents-none = مدرکی دریافت نشده است.
mydata-col-document = مدرک
mydata-col-type = نوع
mydata-col-received = تاریخ دریافت
mydata-col-state = وضعیت
mydata-type-photo = عکس
mydata-type-pdf = فایل PDF
mydata-state-current = فعلی
mydata-state-replaced = جایگزین شده در { $date }
mydata-doc-payment_slip = فیش واریزی
mydata-doc-inquiry_reply = پاسخ استعلام
mydata-history = سوابق پرونده
mydata-history-none = سوابق پرونده از پایان نخستین بررسی کارشناس نمایش داده می‌شود (مانند کارتابل)؛ هنوز چیزی نیست.
mydata-col-date = تاریخ
mydata-col-by = اقدام‌کننده
mydata-col-what = شرح
mydata-history-office = دفتر نمایندگی «{ $office }» تعیین شد
mydata-history-slip = فیش واریزی ارسال شد
mydata-history-slip-refused = فیش واریزی پذیرفته نشد
mydata-history-slip-accepted = فیش واریزی پذیرفته شد
mydata-closing = پیش‌نویس‌ها را خودتان می‌توانید با /mydata حذف کنید. پیش‌نویسی که مدت‌ها دست‌نخورده بماند، پس از اطلاع‌رسانی ۱۴ روز پیش از آن، حذف می‌شود. پرونده ارسال‌شده جزو سوابق سازمان است؛ برای آن به { $org } مراجعه کنید.

# retention (a message of the bot's own, 14 days before a draft is deleted)
retention-notice = ⏳ پیش‌نویس { $kind } شما (کد { $code }) از { $since } دست‌نخورده مانده است و در { $date } با همه پاسخ‌ها و مدارکش حذف می‌شود.
    برای نگه داشتن آن کافی است به یکی از پرسش‌هایش پاسخ دهید یا دکمه «نگه داشتن» را بزنید. /mydata همه اطلاعات شما را نشان می‌دهد.

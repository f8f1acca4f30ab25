## Staff review, notifications to the applicant, the cartable's history.

staff-new-file = 📥 درخواست عضویت جدید
staff-resubmitted = 🔁 ارسال مجدد پس از اصلاح (بار { $n })
staff-file = کد رهگیری: { $code }
    نام: { $name }
    استان: { $province }
    دفتر پیشنهادی: { $office }
    تعداد مدارک: { $documents }
    مدارک تحصیلی:
staff-degree-line = • { $level } — { $field } — { $university }
staff-changed = بخش‌های اصلاح‌شده از آخرین بازگشت: { $sections }
staff-status = وضعیت: { $status }
staff-actions = اقدام روی پرونده { $code }:
staff-handled = آخرین اقدام: { $name } — وضعیت اکنون: { $status }
staff-full-title = پرونده کامل { $code }
btn-staff-take = 🙋 برداشتن پرونده
btn-staff-approve = ✅ تایید
btn-staff-return = ↩️ بازگشت برای اصلاح
btn-staff-reject = ⛔ رد
btn-staff-paid = 💰 پرداخت دریافت شد
btn-staff-full = 📄 نمایش پرونده کامل
btn-staff-documents = 📎 مدارک (در گفت‌وگوی خصوصی)
staff-no-documents = پرونده { $code } مدرکی ندارد.
staff-not-allowed = شما اجازه این کار را ندارید.
staff-not-possible = این اقدام در وضعیت فعلی پرونده ممکن نیست.
staff-done = ثبت شد.
staff-already = این پرونده قبلاً توسط { $name } رسیدگی شده است (وضعیت: { $status }).
someone = همکار دیگری
review-pick-sections = بازگشت پرونده { $code } برای اصلاح: بخش‌هایی را که باید اصلاح شوند انتخاب کنید.
review-pick-one = دست‌کم یک بخش را انتخاب کنید.
btn-review-next = نوشتن توضیحات ›
review-note = توضیح خود را برای بخش «{ $section }» بنویسید (متقاضی همین را می‌بیند).
review-note-text = لطفاً توضیح را به صورت متن بنویسید.
review-note-caption = توضیح را به صورت متن بنویسید، یا تصویر یا PDF پاسخ را با توضیح در زیرنویس (کپشن) آن بفرستید.
staff-document-caption = 📎 { $document } — پرونده { $code }
review-note-too-long = این توضیح بیش از حد طولانی است (حداکثر { $max } نویسه)؛ لطفاً کوتاه‌تر بنویسید.
review-reject-reason = دلیل رد پرونده { $code } را بنویسید (متقاضی همین را می‌بیند).
review-start-private = برای نوشتن توضیحات، ابتدا یک بار بات را در گفتگوی خصوصی /start کنید.
review-continue-private = ادامه در گفتگوی خصوصی با بات.
review-cancelled = لغو شد؛ چیزی تغییر نکرد.
review-recorded = ثبت شد و به متقاضی اطلاع داده شد (پرونده { $code }).
staff-list-title = کارکنان و نقش‌ها:
staff-list-line = • { $name } ({ $id }): { $roles }
staff-no-name = (بی‌نام)
staff-usage = استفاده: /staff list — /staff add شناسه نقش [IR-14 …] [نام و نام خانوادگی] — /staff remove شناسه نقش (نقش‌ها: reviewer، technical_manager، finance، builders_unit، admin؛ استان‌ها با کدشان، بی استان: سراسری)
staff-province-unknown = { $code } کد استان نیست: IR-00 تا IR-30 (مثلاً IR-14). چیزی تغییر نکرد.
staff-province-not-yours = شما فقط در استان‌های خود ({ $provinces }) نقش می‌دهید: پس از نقش نامشان را بیاورید، مثلاً /staff add شناسه reviewer { $provinces }. چیزی تغییر نکرد.
staff-updated = نقش‌ها به‌روز شد.

notify-in-review = 🔎 پرونده { $code } توسط کارشناس سازمان در دست بررسی است.
notify-in-review-membership = { notify-in-review }
notify-in-review-builder_license = 🔎 پرونده پروانه مجری حقیقی { $code } در بررسی مدارک سازمان است.
notify-returned = ↩️ پرونده { $code } برای اصلاح به کارتابل شما بازگشت. توضیحات کارشناس:
    { $notes }
    از «🗂 کارتابل» یا «{ $entry }» اصلاح کنید و دوباره ارسال کنید.
notify-note-line = • { $section }: { $note }
notify-rejected = ⛔ پرونده { $code } رد شد. دلیل: { $reason }
notify-member = 🎉 پرداخت شما تایید شد و عضویت تکمیل شد. شماره عضویت: { $number }
returned-fix = پرونده { $code } برای اصلاح بازگشته است. توضیحات کارشناس:
    { $notes }

btn-history = 📜 جزئیات فرآیند { $code }
btn-fix = ✏️ مشاهده و اصلاح { $code }
history-empty = گردش کار از پایان اولین بررسی کارشناس نمایش داده می‌شود؛ هنوز بررسی‌ای تمام نشده است.
history-title = 📜 گردش کار پرونده { $code }:
history-line = { $date } — { $role }: { $status }
history-note = «{ $note }»
role-applicant = متقاضی
role-reviewer = کارشناس پذیرش
role-technical_manager = مدیر فنی
role-finance = واحد مالی
role-builders_unit = واحد مجریان ذی‌صلاح
role-reviewer-builder_license = کارشناس بررسی مدارک
role-admin = مدیر سامانه
role-system = سامانه

btn-staff-office = 🏢 تعیین دفتر
staff-office-confirmed = { $office } (تایید شده)
staff-no-offices = برای استان این پرونده دفتری ثبت نشده است.
staff-pick-office = دفتر نمایندگی پرونده { $code } را انتخاب کنید (✅ انتخاب فعلی):
staff-office-set = دفتر پرونده { $code }: { $office }
staff-office-logged = 🏢 پرونده { $code }: دفتر «{ $office }» توسط { $name } تعیین شد.
staff-slip = 🧾 فیش واریزی پرونده { $code }
    نام: { $name }
    حق عضویت: { $fee } ریال
    پس از بررسی فیش، «پرداخت دریافت شد» را بزنید.
staff-paid-online = 💳 حق عضویت پرونده { $code } به صورت آنلاین پرداخت شد؛ عضویت تکمیل شد.
staff-payment-unexpected = ⚠️ پرداختی برای پرونده { $code } رسید که در انتظار پرداخت نبود؛ لطفاً بررسی کنید.
staff-payment-failed = ⚠️ پرداخت آنلاین پرونده { $code } از سوی کیف پول { $status ->
        [rejected] رد شد
       *[failed] ناموفق بود
    }؛ عضویت ثبت نشد و پرونده همچنان در انتظار پرداخت است.
staff-payment-unconfirmed = ⚠️ پرداخت آنلاین پرونده { $code } پس از بارها پرسش هنوز از سوی کیف پول تایید نشده است؛ لطفاً تراکنش { $transaction } را در کیف پول بررسی و در صورت پرداخت، با دکمه واحد مالی تایید کنید.
staff-code-attempt = ⚠️ حسابی در { $platform } (شناسه { $account }) کد ملی متقاضی «{ $name }» را وارد کرد و به پرونده او وصل نشد. اگر همان شخص با شماره همراه تازه است، با او تماس بگیرید (/find کد‌ملی سوابق را نشان می‌دهد).
history-office = { $date } — { $role }: دفتر نمایندگی «{ $office }» تعیین شد
history-slip = { $date } — متقاضی: فیش واریزی ارسال شد
history-slip-refused = { $date } — { $role }: فیش واریزی پذیرفته نشد؛ فیش دیگری بفرستید
history-slip-accepted = { $date } — { $role }: فیش واریزی پذیرفته شد
form-staff-return = بازگشت برای اصلاح
form-staff-reject = رد پرونده
form-staff-office = دفتر نمایندگی
form-staff-note = توضیح
f-review-items = بخش‌های بازگشتی
f-review-note = توضیح
f-staff-reason = دلیل رد
f-staff-office = دفتر نمایندگی
f-staff-note = توضیح
btn-multi-done = ادامه ›
multi-pick-one = دست‌کم یکی را انتخاب کنید.
expect-text-with-attachment = توضیح را به صورت متن بنویسید، یا تصویر یا PDF را با توضیح در زیرنویس (کپشن) آن بفرستید.
staff-form-gone = این پرونده در این میان جلو رفته است (یا دیگر اجازه این کار را ندارید)؛ چیزی ثبت نشد. کارت پرونده را در گروه کارکنان ببینید.

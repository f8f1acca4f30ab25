## The builder license, the organization's side: documents review, inquiries and letters,
## worksheet 7, approval, the license issued (issue 12). Staff texts in the staff chat's language.

# ---- the staff chat's buttons
btn-license-assess = 📋 بررسی مدارک (کاربرگ ۴ تا ۶)
btn-letter-disciplinary = 📄 نامه شورای انتظامی
btn-clear-disciplinary = ✅ شورا: بدون سابقه
btn-record-disciplinary = ⚠️ شورا: سابقه دارد
btn-letter-finance = 📄 گواهی تسویه حساب
btn-unpaid-finance = ⚠️ مالی: تسویه نشده
btn-letter-execution = 📄 استعلام کارهای اجرایی
btn-clear-execution = ✅ کارهای اجرایی: بی‌مانع
btn-record-execution = ⚠️ کارهای اجرایی: مورد دارد
btn-license-introduce = 📝 معرفی به مدیر فنی (کاربرگ ۷)
btn-license-approve = ✅ تایید و ارسال به اداره راه و شهرسازی
btn-license-revise = 🔁 بازگشت به بررسی مدارک
btn-license-issued = 🪪 ثبت پروانه صادرشده
prompt-record = پاسخ استعلام پرونده { $code }: سابقه یا موردی که ثبت شده است را بنویسید؛ اگر تصویر یا PDF پاسخ را دارید، آن را با همین توضیح در زیرنویس بفرستید.
prompt-unpaid = پرونده { $code }: بدهی حق عضویت متقاضی را بنویسید (مثلاً سال‌های تسویه‌نشده)؛ تصویر یا PDF هم می‌توانید با توضیح در زیرنویس بفرستید.
prompt-revise = پرونده { $code } را به بررسی مدارک برمی‌گردانید: توضیح خود را برای کارشناس بررسی مدارک بنویسید (متقاضی آن را نمی‌بیند).
inquiry-letter-first = ابتدا نامه این استعلام را صادر کنید؛ پاسخ پس از نامه ثبت می‌شود.

# ---- the documents reviewer's panel (private chat)
assess-title = 📋 بررسی مدارک پرونده { $code } — { $name }
assess-ws4 = کاربرگ ۴ — سوابق (بخش خاکستری):
assess-project-name = پروژه { $n } «{ $name }»
assess-project-line = • { $project }: اظهار { $claimed }، پذیرفته { $accepted } — { $type } — { $state }
assess-accepted = ✅ پذیرفته
assess-refused = ❌ پذیرفته نشده
assess-pending-mark = ⏳ بررسی نشده
assess-ws5 = کاربرگ ۵ — توان مالی:
assess-ws5-none = (هیچ قلمی اظهار نشده است)
assess-finance-line = • { $item }: اظهار { $claimed } ← { $accepted }
assess-accepted-amount = پذیرفته { $amount }
assess-staff-card = 📋 بررسی مدارک (بخش خاکستری کاربرگ ۴، تایید کاربرگ ۵، نمرات کاربرگ ۶) در گفتگوی خصوصی کارشناس بررسی مدارک انجام می‌شود؛ امتیاز با هر تغییر همان‌جا دوباره حساب می‌شود.
assess-ws6 = کاربرگ ۶ — نمرات مطلوبیت: { $marks }
assess-ws6-attachments = پیوست‌های کاربرگ ۶ (به ترتیب معیارها): { $attachments }
assess-score-title = 🧮 امتیاز با ارقام پذیرفته‌شده (کاربرگ ۳ تا ۷):
assess-no-score = امتیاز قابل محاسبه نیست: نوع یا پایه پروانه (کاربرگ ۳) در جدول‌ها نیست.
assess-left = ⏳ مانده برای بررسی: { $projects } پروژه، { $finance } قلم توان مالی، { $marks } معیار مطلوبیت
assess-unreachable = 📌 پایه { $grade } با جدول‌های فعلی دست‌نیافتنی است: حداقل { $minimum } امتیاز لازم دارد و بیشترین جمع ممکن { $max_total } است.
btn-assess-project = 🏗 پروژه { $n }
btn-assess-finance = 💰 کاربرگ ۵
btn-assess-marks = ⭐ کاربرگ ۶
btn-assess-done = ✔️ پایان بررسی مدارک و شروع استعلام‌ها
btn-assess-home = « بازگشت به خلاصه
btn-assess-back = « بازگشت
btn-assess-open = 📋 باز کردن بررسی مدارک
assess-project-title = 🏗 { $project }
assess-project-claim = اظهار متقاضی: { $place } — از { $start } تا { $end } — { $area }، { $floors } طبقه — { $type } — کارفرما: { $employer } ({ $phone })
assess-project-grey = بخش خاکستری (سازمان):
    • شروع کار متقاضی در پروژه: { $own_start }
    • خاتمه کار متقاضی در پروژه: { $own_end }
    • نوع سابقه: { $type } (ضریب { $factor } به ازای { $unit } متر مربع)
    • متراژ پذیرفته: { $area }
    • ضریب مطلوبیت اجرا: { $desirability }
    • ضریب کل: { $total }
    • شماره پیوست: { $attachment }
    • وضعیت: { $state }
btn-assess-accept = ✅ پذیرفته
btn-assess-refuse = ❌ پذیرفته نشود
btn-assess-area = 📐 متراژ پذیرفته
btn-assess-type = 🏷 نوع سابقه
btn-assess-own-start = 📅 شروع کار متقاضی
btn-assess-own-end = 📅 خاتمه کار متقاضی
assess-factor-default = — (تا تعیین، { $value } حساب می‌شود)
btn-assess-desirability-factor = ⚖️ ضریب مطلوبیت اجرا
btn-assess-total-factor = ✖️ ضریب کل
btn-assess-attachment = 📎 شماره پیوست
assess-ask-desirability-factor = ضریب مطلوبیت اجرای { $project } را بنویسید: عددی از { $min } تا { $max } (مانند ۰٫۸). متراژ پذیرفته در این ضریب ضرب می‌شود؛ تا تعیین نشود { $default } حساب می‌شود.
assess-ask-total-factor = ضریب کل { $project } را بنویسید: عددی از { $min } تا { $max } (مانند ۰٫۹). متراژ پذیرفته در این ضریب هم ضرب می‌شود؛ تا تعیین نشود { $default } حساب می‌شود.
assess-ask-attachment = شماره پیوست مدارک { $project } را بنویسید (مانند ۴-۲).
f-desirability_factor = ضریب مطلوبیت اجرا
f-total_factor = ضریب کل
f-attachment_number = شماره پیوست
assess-note-desirability-factor = { $project }: ضریب مطلوبیت اجرا { $factor }
assess-note-total-factor = { $project }: ضریب کل { $factor }
assess-note-attachment = { $project }: شماره پیوست { $attachment }
btn-assess-attachments = 📎 پیوست‌های کاربرگ ۶
form-license-ws6-attachments = کاربرگ ۶ — شماره پیوست مدارک
f-assess-mark-attachment = پیوست معیار { $n }
btn-assess-mark-attachment = 📎 پیوست معیار { $n }
assess-ask-mark-attachment = شماره پیوست مدارک معیار { $n } ({ $criterion }) را بنویسید (مانند ۶-۱).
assess-attachments-title = 📎 کاربرگ ۶ — شماره پیوست مدارک هر معیار:
assess-attachment-line = • معیار { $n } ({ $criterion }): { $attachment }
assess-note-mark-attachment = کاربرگ ۶، معیار { $n } ({ $criterion }): شماره پیوست { $attachment }
assess-type-question = نوع سابقه { $project } را انتخاب کنید (✅ فعلی):
assess-finance-title = 💰 کاربرگ ۵ — تایید توان مالی (هر قلم حداکثر به اندازه اظهار):
btn-assess-as-claimed = ✅ قلم { $n } همان اظهار
btn-assess-amount = ✏️ مبلغ پذیرفته قلم { $n }
assess-marks-title = ⭐ کاربرگ ۶ — نمرات مطلوبیت: { $marks }
assess-mark-question = معیار { $n } از { $count }: { $criterion } — نمره ۰ تا { $max }:
assess-ask-area = متراژ پذیرفته { $project } را به متر مربع بنویسید (حداکثر همان اظهار: { $claimed }).
assess-ask-own-start = تاریخ شروع کار متقاضی در { $project } را بنویسید (شمسی، مانند ۱۳۹۸/۰۳/۰۱).
assess-ask-own-end = تاریخ خاتمه کار متقاضی در { $project } را بنویسید (شمسی، مانند ۱۳۹۹/۰۹/۳۰).
assess-ask-amount = مبلغ پذیرفته «{ $item }» را به میلیارد ریال بنویسید (حداکثر همان اظهار: { $claimed }).
assess-value-text = لطفاً مقدار را به صورت متن بنویسید (یا «بازگشت» را بزنید).
assess-value-again = دوباره بنویسید، یا «بازگشت» را بزنید.
assess-not-now = این پرونده در بررسی مدارک نیست (وضعیت: { $status })؛ چیزی تغییر نکرد.
assess-changed-by = { $name } همین حالا این پرونده را تغییر داد؛ تغییر شما ثبت نشد. وضعیت تازه را ببینید و دوباره تصمیم بگیرید.
assess-changed-since = این پرونده پس از نمایش این صفحه تغییر کرده است؛ خلاصه تازه را ببینید.
assess-not-complete = پیش از پایان، همه پروژه‌ها، اقلام توان مالی و معیارهای مطلوبیت را بررسی کنید.
assess-no-grade = با ارقام پذیرفته‌شده به هیچ پایه‌ای نمی‌رسد (حداقل امتیازها را ببینید): پرونده را برای اصلاح برگردانید یا رد کنید.
assess-finished = ✔️ بررسی مدارک پرونده { $code } تمام شد؛ امتیاز ثبت شد و استعلام‌ها در گروه کارکنان آغاز می‌شود.
assess-note-accepted = { $project }: پذیرفته — متراژ اظهار { $claimed } ← پذیرفته { $accepted }، { $type }
assess-note-refused = { $project }: پذیرفته نشد (اظهار { $claimed })
assess-note-area = { $project }: متراژ { $claimed } ← { $accepted }
assess-note-type = { $project }: نوع سابقه «{ $claimed }» ← «{ $accepted }»
assess-note-own-start = { $project }: شروع کار متقاضی { $date }
assess-note-own-end = { $project }: خاتمه کار متقاضی { $date }
assess-note-amount = کاربرگ ۵، { $item }: { $claimed } ← { $accepted }
assess-note-mark = کاربرگ ۶، معیار { $n } ({ $criterion }): نمره { $mark }
assess-note-done = بررسی مدارک: جمع امتیاز { $total } ← پایه { $grade }

# ---- inquiries
letter-kind-disciplinary = استعلام شورای انتظامی
letter-kind-finance = گواهی تسویه حساب امور مالی
letter-kind-execution = استعلام کارهای اجرایی
letter-history = { $letter }، نامه شماره { $number }
letter-caption = 📄 { $letter } — شماره { $number } — پرونده { $code }
inquiries-title = 📨 استعلام‌ها:
inquiry-line = • { $letter }: { $issued } — { $reply }
inquiry-letter = نامه { $number }
inquiry-no-letter = نامه صادر نشده
inquiry-waiting = ⏳ در انتظار پاسخ
inquiry-clear = ✅ بی‌مانع
inquiry-record = ⚠️ مورد ثبت‌شده: «{ $note }»
inquiry-note-clear = { $letter }: بی‌مانع
inquiry-note-record = { $letter }: مورد ثبت‌شده — { $note }

# ---- worksheet 7, approval, the ministry, the license issued
ws7-card-title = 🧮 کاربرگ ۷ — جمع امتیاز و تعیین پایه
ws7-card-points = کاربرگ ۳: { $ws3 } | کاربرگ ۴: { $ws4 } | کاربرگ ۵: { $ws5 } | کاربرگ ۶: { $ws6 }
    جمع: { $total } ← پایه { $grade }
ws7-not-scored = امتیاز این پرونده هنوز ثبت نشده است (با پایان بررسی مدارک ثبت می‌شود).
ws7-title = کاربرگ شماره ۷ — جمع امتیاز و تعیین پایه
ws7-org-fills = این کاربرگ به‌وسیله سازمان تکمیل می‌گردد.
ws7-col-worksheet = کاربرگ
ws7-col-title = عنوان
ws7-col-points = امتیاز (عددی)
ws7-col-words = امتیاز (به حروف)
ws7-total = جمع امتیاز (کاربرگ هفت)
ws7-guide = راهنمای تعیین پایه
ws7-guide-minimum = حداقل جمع امتیاز
ws7-reviewer-title = تاییدیه مسئول رسیدگی مدارک سازمان:
ws7-reviewer = کلیه مدارک { $engineer } جهت دریافت مجوز مجری حقیقی مورد بررسی قرار گرفت و ایشان با جمع امتیاز { $total } به اداره راه و شهرسازی جهت مجوز مجری حقیقی پایه { $grade } معرفی می‌شود.
ws7-signed = امضاء و تاریخ: { $date }
ministry-card = 📤 ارسال‌شده به اداره راه و شهرسازی برای پایه { $grade } (جمع امتیاز { $total }). پس از صدور پروانه، «ثبت پروانه صادرشده» را بزنید.
closed-card = 🪪 پروانه صادرشده: شماره { $number }، پایه { $grade }، تاریخ { $date }
revise-to-reviewer = 🔁 مدیر فنی پرونده { $code } را به بررسی مدارک برگرداند: «{ $note }»
issue-number = 🪪 ثبت پروانه صادرشده برای پرونده { $code }: شماره پروانه را بنویسید.
issue-date = تاریخ صدور پروانه را بنویسید (شمسی، مانند ۱۴۰۴/۰۹/۱۵).
issue-grade = پایه پروانه صادرشده را انتخاب کنید (✅ پایه معرفی‌شده):
issue-note = پروانه شماره { $number }، پایه { $grade }، صادره { $date }
issue-recorded = 🪪 پروانه پرونده { $code } ثبت شد و پرونده بسته شد؛ به متقاضی اطلاع داده شد.
dossier-note = پرونده با دوسیه (کاربرگ ۱ و ۷ و فهرست مدارک) برای پایه { $grade } ارسال شد
dossier-caption = 📦 دوسیه پرونده { $code } برای اداره راه و شهرسازی (کاربرگ ۱ و ۷ و فهرست مدارک)
dossier-reviewer = مدارک کامل است و جهت دریافت مجوز مجری حقیقی با پایه { $grade } معرفی می‌شود.
dossier-manager = مدارک کامل است و جهت بررسی و صدور مجوز مجری حقیقی پایه { $grade } به اداره راه و شهرسازی ارسال می‌شود.
dossier-signed = { $title }: { $date }
dossier-documents = فهرست مدارک پیوست
dossier-col-n = ردیف
dossier-col-document = مدرک
dossier-col-detail = پروژه / قلم
dossier-col-count = تعداد فایل / پاسخ
dossier-ws6-title = کاربرگ ۶ — مطلوبیت
dossier-ws6-n = ردیف
dossier-ws6-criterion = معیار
dossier-ws6-mark = نمره
dossier-ws6-attachment = مدرک پیوست شماره
dossier-letter = { $letter } (نامه { $number })
letter-reply-clear = بی‌مانع
letter-reply-record = مورد ثبت‌شده
letter-reply-none = بی‌پاسخ

# ---- the letters (PDF)
letter-basmala = بسمه تعالی
letter-number = شماره
letter-date = تاریخ
letter-engineer = { $gender ->
        [female] خانم
       *[other] آقای
    } مهندس { $name }
letter-greeting = با اهداء سلام؛
letter-reply-title = پاسخ (در زیر همین نامه):
letter-disciplinary-to = ریاست محترم شورای انتظامی { $org }
letter-disciplinary-body = نظر به اینکه { $engineer } عضو شماره { $number } تقاضای صدور پروانه اشتغال مجری حقیقی (پایه { $grade }) را نموده است، لذا خواهشمند است دستور فرمایید چنانچه مشارالیه دارای پرونده یا سوابقی در آن شورای محترم می‌باشند، مراتب را ذیلاً گواهی فرمایید. (کد رهگیری پرونده: { $code })
letter-disciplinary-sign = مدیر فنی سازمان نظام مهندسی ساختمان
letter-disciplinary-reply-to = ریاست محترم { $org }
letter-disciplinary-reply = بدینوسیله به استحضار می‌رساند:
letter-disciplinary-reply-sign = رئیس شورای انتظامی سازمان نظام مهندسی ساختمان استان — امضاء و تاریخ
letter-finance-title = گواهی تسویه حساب
letter-finance-body = گواهی می‌گردد { $engineer } با شماره عضویت { $number } تا پایان سال { $year } حق عضویت خود را تسویه نموده است.
letter-finance-sign = امور مالی سازمان
letter-execution-to = مراجع محترم ذی‌ربط (دستگاه‌های نظارت و صدور پروانه ساختمان)
letter-execution-body = احتراماً، { $engineer } عضو شماره { $number } متقاضی صدور پروانه اشتغال مجری حقیقی پایه { $grade } است و سوابق اجرایی زیر ({ $count } پروژه، جمعاً { $area }) را ارائه کرده که در بررسی مدارک این سازمان پذیرفته شده است:
letter-execution-ask = خواهشمند است چنانچه در اجرای کارهای فوق تخلف، شکایت یا تعهد انجام‌نشده‌ای از نامبرده ثبت شده است، مراتب را ذیلاً اعلام فرمایید.
letter-execution-sign = مسئول واحد مجریان ذی‌صلاح
letter-execution-reply = بدینوسیله اعلام می‌گردد:
letter-execution-reply-sign = مرجع پاسخ‌دهنده — امضاء، مهر و تاریخ
letter-execution-n = ردیف
letter-execution-name = نام پروژه
letter-execution-place = محل اجرا: استان / شهر
letter-execution-dates = شروع / خاتمه کار متقاضی
letter-execution-area = متراژ پذیرفته
letter-execution-type = نوع سابقه
letter-execution-employer = کارفرما و تلفن

# ---- the applicant is told
notify-license-inquiries = 📨 بررسی مدارک پرونده { $code } تمام شد؛ استعلام‌ها (شورای انتظامی، امور مالی، کارهای اجرایی) در جریان است.
notify-license-scored = 🧮 استعلام‌های پرونده { $code } بی‌مانع بود و امتیاز پرونده تعیین شد.
notify-license-introduced = 📝 پرونده { $code } با جمع امتیاز { $total } برای پایه { $grade } به مدیر فنی سازمان معرفی شد.
notify-license-revised = 🔁 پرونده { $code } برای بازبینی به بررسی مدارک سازمان بازگشت؛ نیازی به اقدام شما نیست.
notify-license-sent = 📤 پرونده { $code } با تایید مدیر فنی برای صدور پروانه مجری حقیقی پایه { $grade } به اداره راه و شهرسازی ارسال شد.
notify-license-closed = 🎉 پروانه اشتغال مجری حقیقی شما صادر شد: شماره { $number }، پایه { $grade }، تاریخ { $date }. پرونده { $code } بسته شد.
form-license-grey = بخش خاکستری پروژه
f-grey-accepted = وضعیت پروژه
f-accepted_area_m2 = متراژ پذیرفته
f-accepted_record_type = نوع سابقه
f-own_start_date = شروع کار متقاضی
f-own_end_date = خاتمه کار متقاضی
form-license-amounts = کاربرگ ۵ — مبالغ پذیرفته
f-assess-amount = مبلغ پذیرفته قلم { $n }
form-license-marks = کاربرگ ۶ — نمرات مطلوبیت
f-assess-mark = نمره معیار { $n }
form-license-issued = پروانه صادرشده
f-issued_number = شماره پروانه
f-issued_date = تاریخ صدور
f-issued_grade = پایه پروانه
inquiry-note-clear-standing = گواهی تسویه حساب امور مالی: بی‌مانع — پاسخ سامانه: حق عضویت متقاضی در همین بات تا پایان سال { $year } تسویه شده است.
assess-accept-question = آیا این پروژه در امتیاز سوابق پذیرفته می‌شود؟
inquiry-clear-system = ✅ بی‌مانع (پاسخ سامانه: حق عضویت در همین بات تسویه شده است)

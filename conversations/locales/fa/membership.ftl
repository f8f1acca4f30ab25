## The membership dialog, documents, statuses and the receipt.

contact-why = برای شروع، شماره همراه شما از طریق پیام‌رسان تایید می‌شود (به جای پیامک).
membership-complete = فرآیند عضویت شما در سازمان استان تکمیل شده است. شماره عضویت: { $number }
membership-held = ✅ شما پیش از این بات عضو سازمان شده‌اید: شماره عضویتی که در درخواست { $license } نوشتید { $number } است و کارشناسان آن را با کارت عضویت شما تطبیق می‌دهند؛ درخواست عضویت دوباره لازم نیست.
    • { $license }: پرونده { $code }، { $status }
    • حق عضویت سالانه‌ی عضویتی که پیش از این بات بوده در این بات محاسبه نمی‌شود؛ برای آن با امور مالی سازمان تماس بگیرید.
file-not-editable = پرونده { $code } در وضعیت «{ $status }» است و فعلاً نیازی به اقدام شما ندارد. نتیجه از طریق همین بات اطلاع داده می‌شود.
rules-title = 📜 قوانین و مقررات عضویت — { $org }
rules-default = ۱. اطلاعات و مدارک ارسالی باید صحیح و مطابق اصل مدارک باشد؛ مسئولیت درستی آن‌ها با متقاضی است.
    ۲. عضویت در سازمان بر اساس قانون نظام مهندسی و کنترل ساختمان و آیین‌نامه اجرایی آن انجام می‌شود.
    ۳. متقاضی متعهد است در صورت تغییر نشانی یا شماره تماس، سازمان را مطلع کند.
    ۴. پرونده پس از ارسال توسط کارشناسان سازمان بررسی می‌شود و ممکن است برای تکمیل به کارتابل شما بازگردد.
btn-accept-rules = ✅ قوانین را خواندم و می‌پذیرم
rules-accepted = ✅ قوانین و مقررات پذیرفته شد.
rules-press-accept = برای ادامه باید قوانین را بپذیرید: دکمه «قوانین را خواندم و می‌پذیرم» را بزنید.

degrees-title = 🎓 اطلاعات تحصیلی — همه مقاطع دانشگاهی خود را وارد کنید:
degrees-empty = هنوز مدرکی ثبت نشده است. دست‌کم یک مدرک لازم است.
degree-line = { $n }. { $level } — { $field } — { $university } { $state }
degree-heading = مدرک { $n }:
item-complete = ✅
item-incomplete = ⚠️ ناقص
btn-add-degree = ➕ افزودن مدرک تحصیلی
btn-edit-item = ✏️ ویرایش { $n }
btn-remove-item = 🗑 حذف { $n }
degrees-incomplete = برای رفتن به مرحله بعد دست‌کم یک مدرک کامل (با تصویر مدرک) لازم است و هیچ مدرکی نباید ناقص باشد.
family-title = 👪 اطلاعات همسر و فرزندان (برای خدمات رفاهی؛ اگر کسی نیست، «ثبت اطلاعات و مرحله بعد» را بزنید):
family-empty = کسی ثبت نشده است.
family-line = { $n }. { $relation }: { $name }
family-line-full = { $n }. { $relation }: { $name }، کد ملی { $code }، تولد { $birth }
btn-add-person = ➕ افزودن همسر یا فرزند
family-incomplete = اطلاعات یکی از افراد ناقص است؛ آن را ویرایش یا حذف کنید.

documents-title = 📎 مدارک:
doc-status-line = { $status } { $label }
doc-status-received = ✅
doc-status-missing = ⬜
doc-of-degree = { $label } (مدرک { $n })
doc-national_card = کارت ملی
doc-birth_certificate = شناسنامه
doc-personal_photo = عکس پرسنلی
doc-degree_certificate = تصویر مدرک تحصیلی
doc-degree_verification = تصویر تاییدیه تحصیلی
doc-residence_proof = مدرک ۶ ماه سکونت در استان
doc-technician_non_membership = گواهی عدم عضویت در نظام کاردانی
q-doc-national_card = تصویر کارت ملی را بفرستید.
    { $status }
q-doc-birth_certificate = تصویر صفحه اول شناسنامه را بفرستید.
    { $status }
q-doc-personal_photo = یک عکس پرسنلی (تمام‌رخ، زمینه روشن) بفرستید.
    { $status }
q-doc-residence_proof = مدرک سکونت حداقل ۶ ماه در استان مورد تقاضا را بفرستید (استان محل تولد شما با استان عضویت متفاوت است؛ تبصره ۱ ماده ۶ قانون).
    { $status }
q-doc-technician_non_membership = گواهی عدم عضویت در سازمان نظام کاردانی استان را بفرستید (به دلیل داشتن مدرک کاردانی).
    { $status }
q-residence_proof_kind = کدام مدرک را برای اثبات سکونت می‌فرستید؟
f-residence_proof_kind = نوع مدرک سکونت

confirm-title = ✅ تایید نهایی — لطفاً همه اطلاعات را با دقت بررسی کنید:
confirm-question = آیا اطلاعات و مدارک بارگذاری‌شده صحیح است؟ با تایید، درخواست برای بررسی به سازمان ارسال می‌شود و اطلاعات هویتی دیگر قابل ویرایش نیست.
btn-confirm-submit = ✅ اطلاعات و مدارک صحیح است؛ ارسال درخواست
btn-edit-section = ✏️ { $section }
confirm-press-button = لطفاً با دکمه‌های زیر، درخواست را ارسال یا بخشی را ویرایش کنید.
cannot-submit-incomplete = بخش «{ $section }» هنوز کامل نیست؛ لطفاً آن را تکمیل کنید.
submitted = ✅ درخواست عضویت شما ثبت و برای بررسی ارسال شد.
    کد رهگیری: { $code }
    این کد را نگه دارید. نتیجه بررسی از همین بات به شما اطلاع داده می‌شود؛ وضعیت را هر زمان با /status ببینید.
receipt-caption = 🧾 رسید قابل چاپ درخواست شما

no-open-file = پرونده بازی برای این کار پیدا نشد.
national-code-claimed = این کد ملی را نمی‌توان با این حساب ادامه داد. اگر کد ملی خودتان است و پیش‌تر با حساب یا شماره همراه دیگری در این ربات بوده‌اید، از همان‌جا ادامه دهید یا با سازمان تماس بگیرید. اگر اشتباه تایپ شده است، کد ملی درست را بفرستید.
identity-locked = اطلاعات هویتی پس از ارسال اولین درخواست قابل ویرایش نیست.
identity-national-code-first = ابتدا کد ملی را وارد کنید.

kind-membership = درخواست عضویت
kind-builder_license = پروانه مجری حقیقی
status-draft = پیش‌نویس (در حال تکمیل توسط شما)
status-submitted = ارسال‌شده، در انتظار بررسی
status-in_review = در حال بررسی کارشناس
status-returned = بازگشت به کارتابل شما برای اصلاح
status-approved = تایید شده
status-awaiting_payment = در انتظار پرداخت حق عضویت
status-member = عضویت تکمیل شده
status-rejected = رد شده
status-documents_review = بررسی مدارک
status-inquiries = استعلام‌ها
status-scored = امتیازدهی شده
status-manager_approval = در انتظار تایید مدیر فنی
status-sent_to_ministry = ارسال‌شده به اداره راه و شهرسازی
status-closed = مختومه

receipt-title = رسید درخواست عضویت
receipt-tracking = کد رهگیری پرونده؛ آن را نگه دارید
receipt-name = نام و نام خانوادگی
receipt-national-code = کد ملی
receipt-province = استان
receipt-office = دفتر نمایندگی پیشنهادی
receipt-submitted = تاریخ ارسال
receipt-degrees = تعداد مدارک تحصیلی
receipt-documents = تعداد مدارک بارگذاری‌شده
receipt-status = وضعیت
receipt-status-value = ارسال‌شده، در انتظار بررسی کارشناس
receipt-keep = این رسید را نگه دارید. نتیجه بررسی از طریق بات به شما اطلاع داده می‌شود و وضعیت پرونده را می‌توانید با کد رهگیری پیگیری کنید.

## The builder-license application (پروانه اشتغال مجری حقیقی): worksheets 1–5, documents,
## the preliminary score, the receipt and the staff card.

menu-license = 🏗 درخواست پروانه مجری حقیقی
menu-license-continue = 🏗 ادامه درخواست پروانه مجری حقیقی
menu-license-done = ✅ پروانه مجری حقیقی من
license-complete = پرونده پروانه مجری حقیقی شما مختومه شده است. برای پیگیری به کارتابل مراجعه کنید.
license-gate-question = 🏗 درخواست پروانه اشتغال مجری حقیقی ویژه اعضای سازمان است که پروانه اشتغال به کار معتبر با صلاحیت اجرا دارند.
    آیا عضو سازمان نظام مهندسی ساختمان هستید و شماره عضویت دارید؟
license-gate-refused = برای درخواست پروانه مجری حقیقی ابتدا باید عضو سازمان باشید. درخواست عضویت را از همین بات شروع کنید؛ پس از تکمیل عضویت، اطلاعات شما در کاربرگ ۱ به‌طور خودکار پر می‌شود.
btn-license-gate-membership = 📝 شروع درخواست عضویت
license-prefilled = اطلاعات کاربرگ ۱ از پرونده عضویت شما پر شد. آن‌ها را بررسی کنید و هرچه تغییر کرده را اصلاح کنید.
license-no-competence = بدون درج «صلاحیت اجرا» روی پروانه اشتغال، درخواست پروانه مجری حقیقی ممکن نیست. ابتدا صلاحیت اجرا را از اداره راه و شهرسازی بر پروانه خود درج کنید.

form-license-application = کاربرگ ۱ — درخواست صدور پروانه اشتغال مجری حقیقی
form-license-declaration = کاربرگ ۲ — خوداظهاری
form-license-license = کاربرگ ۳ — پروانه اشتغال
form-license-record = کاربرگ ۴ — سابقه حرفه‌ای
form-license-project = پروژه
form-license-finance = کاربرگ ۵ — توان مالی
form-license-documents = مدارک مورد نیاز

q-membership_number = شماره عضویت حقیقی خود در سازمان را وارد کنید.
f-membership_number = شماره عضویت
q-membership_province = عضو سازمان نظام مهندسی کدام استان هستید؟ پرونده شما به کارشناسان همان استان می‌رسد.
f-membership_province = استان عضویت
q-license-field = رشته خود را از میان رشته‌های هفتگانه ساختمان انتخاب کنید.
q-degree_level = نوع مدرک تحصیلی (بالاترین مقطع) را انتخاب کنید.
f-degree_level = نوع مدرک تحصیلی
q-license_number = شماره پروانه اشتغال به کار را وارد کنید.
f-license_number = شماره پروانه اشتغال
q-license_valid_until = تاریخ اعتبار پروانه اشتغال را به شمسی وارد کنید (مانند ۱۴۰۶/۰۵/۳۱).
f-license_valid_until = تاریخ اعتبار پروانه
q-home_address = نشانی منزل را بنویسید.
f-home_address = نشانی منزل
q-office_address = نشانی دفتر کار را بنویسید (کد پستی ۱۰ رقمی را هم می‌توانید در انتهای آن بنویسید).
f-office_address = نشانی دفتر کار
q-license-postal_code = کد پستی ۱۰ رقمی را وارد کنید.
f-postal_code = کد پستی
q-landline = شماره تلفن ثابت را با پیش‌شماره وارد کنید (مانند ۰۳۸۳۳۳۳۴۴۵۵).
f-landline = تلفن ثابت
q-mobile_phone = شماره تلفن همراه را وارد کنید.
f-mobile_phone = تلفن همراه
q-email = آدرس پست الکترونیک (e-mail) را وارد کنید (اختیاری).
f-email = پست الکترونیک

q-full_time_declaration = خوداظهاری: «اینجانب { $name } متقاضی اخذ مجوز مجری حقیقی اقرار می‌نمایم که به صورت تمام‌وقت در زمینه اجرا اشتغال به کار داشته و هیچ‌گونه شغل تمام‌وقت و موظف دیگری ندارم. بدیهی است در صورتی که خلاف این اقرارنامه عمل نموده یا نمایم، وزارت راه و شهرسازی می‌تواند بر اساس قانون نظام مهندسی و کنترل ساختمان با اینجانب رفتار نماید.»
f-full_time_declaration = خوداظهاری اشتغال تمام‌وقت در اجرا
q-employment = وضعیت اشتغال فعلی شما چیست؟
f-employment = وضعیت اشتغال
q-employer_company = نام شرکتی که در آن کار می‌کنید را بنویسید.
f-employer_company = نام شرکت
q-employment_detail = وضعیت اشتغال خود را کوتاه توضیح دهید.
f-employment_detail = توضیح وضعیت اشتغال
q-ldoc-employment_proof = مدرک وضعیت اشتغال (سابقه بیمه یا نامه) را بفرستید: عکس یا PDF.

q-license_kind = نوع پروانه اشتغال به کار شما؟
f-license_kind = نوع پروانه
q-license_grade = پایه پروانه اشتغال؟
f-license_grade = پایه پروانه
license-grade = پایه { $grade }
q-execution_competence = آیا «صلاحیت اجرا» روی پروانه اشتغال شما درج شده است؟
f-execution_competence = صلاحیت اجرا درج شده
q-ldoc-license_card = تصویر هر دو روی پروانه اشتغال را بفرستید: دو عکس متفاوت (رو و پشت)، یا یک PDF که هر دو رو را دارد.

f-projects = پروژه‌ها
projects-title = 🏗 کاربرگ ۴ — سوابق اجرایی شما (دست‌کم یک پروژه؛ قسمت خاکستری را سازمان تکمیل می‌کند):
projects-empty = هنوز پروژه‌ای ثبت نشده است.
project-line = { $n }. { $name } — { $area } — { $type } { $state }
project-heading = پروژه { $n }:
btn-add-project = ➕ افزودن پروژه
btn-save-project = 💾 ذخیره این پروژه
projects-incomplete = دست‌کم یک پروژه کامل (با مدرک آن) لازم است و هیچ پروژه‌ای نباید ناقص باشد.
q-project-name = نام پروژه را بنویسید.
f-project-name = نام پروژه
q-project-province = محل اجرای پروژه: استان؟
f-project-province = استان
q-project-city = محل اجرای پروژه: شهر؟
f-city = شهر
q-start_date = تاریخ شروع پروژه را به شمسی وارد کنید (مانند ۱۳۹۸/۰۲/۱۵).
f-start_date = تاریخ شروع
q-end_date = تاریخ خاتمه پروژه را به شمسی وارد کنید.
f-end_date = تاریخ خاتمه
q-area_m2 = سطح زیربنا (متر مربع)؟
f-area_m2 = سطح زیربنا
area-m2 = { $area } متر مربع
q-floors = تعداد طبقات؟
f-floors = تعداد طبقات
q-record_type = سمت شما در کارگاه این پروژه (نوع سابقه)؟
f-record_type = سمت در کارگاه
q-employer_name = نام کارفرما؟
f-employer_name = نام کارفرما
q-employer_phone = تلفن کارفرما (ثابت با پیش‌شماره یا همراه)؟
f-employer_phone = تلفن کارفرما
q-ldoc-project_evidence = مدرک این سابقه را بفرستید: قرارداد، سابقه بیمه یا نامه شرکت (عکس صفحه‌ها یا یک PDF).

q-finance-amount = «{ $item }»: مبلغ را به میلیارد ریال بنویسید (مانند ۲٫۵، یا ۰ اگر ندارید).
q-finance-evidence = مدرک «{ $item }» را بفرستید (عکس صفحه‌ها یا یک PDF).
amount-billion-rials = { $amount } میلیارد ریال
q-ldoc-finance_note = در صورت داشتن مالکیت یا اجاره رسمی دفتر کار و تجهیزات، یا گواهی گردش مالی و خوش‌حسابی از بانک، مدرک آن را بفرستید (اختیاری).

q-ldoc-birth_certificate = تصویر همه صفحات شناسنامه را بفرستید: چند عکس پشت سر هم، یا یک فایل PDF.
q-ldoc-national_card = تصویر هر دو روی کارت ملی را بفرستید: دو عکس متفاوت (رو و پشت)، یا یک PDF که هر دو رو را دارد.
q-ldoc-membership_card = تصویر هر دو روی کارت عضویت سازمان (معتبر تا پایان سال جاری) را بفرستید: دو عکس متفاوت (رو و پشت)، یا یک PDF که هر دو رو را دارد.
q-ldoc-personal_photos = دو قطعه عکس رنگی ۳×۴ بفرستید.
q-ldoc-fee_slip = فیش واریز { $fee } ریال هزینه بررسی به حساب { $account } را بفرستید.
q-ldoc-settlement_letter = اگر برگ تسویه حساب امور مالی سازمان را دارید، آن را بفرستید (اختیاری؛ در غیر این صورت سازمان آن را صادر می‌کند).

license-preliminary-title = 📊 امتیاز مقدماتی — برآورد از روی ارقام خود شما
license-preliminary-subtotal = جمع کاربرگ‌های ۳ تا ۵: { $points }
license-preliminary-bands = کاربرگ ۶ (مطلوبیت) را سازمان از روی مدارک تعیین می‌کند:
license-band-grade = • با { $points } امتیاز مطلوبیت: { $total } ← پایه { $grade }
license-band-next = ؛ پایه { $grade } به { $needs } امتیاز نیاز دارد
license-band-no-grade = • با { $points } امتیاز مطلوبیت: { $total } ← کمتر از { $minimum } امتیاز لازم برای پایه ۳
license-band-not-eligible = • با { $points } امتیاز مطلوبیت: { $total } ← واجد شرایط نیست (حداقل‌ها)
license-floor-unmet = ⚠️ کاربرگ { $worksheet } کمتر از حداقل { $floor } امتیاز است: با این ارقام واجد شرایط نیست.
license-preliminary-note = این امتیاز برآورد است؛ سازمان پس از بررسی مدارک، سوابق و توان مالی را تایید یا اصلاح می‌کند و امتیاز و پایه نهایی را تعیین می‌کند.
license-rules-own = 📐 امتیازها با قواعد پروانهٔ { $org } محاسبه شده است (ضرایب، حدود و حداقل امتیاز پایه‌های خود آن سازمان).
license-preliminary-unavailable = امتیاز مقدماتی هنوز قابل محاسبه نیست؛ کاربرگ‌های ۳ تا ۵ را کامل کنید.
license-confirm-question = آیا اطلاعات کاربرگ‌ها و مدارک صحیح است؟ با تایید، درخواست برای بررسی به سازمان ارسال می‌شود.
btn-license-submit = ✅ صحیح است؛ ارسال درخواست پروانه
license-submitted = ✅ درخواست پروانه اشتغال مجری حقیقی شما ثبت و برای بررسی ارسال شد.
    کد رهگیری: { $code }
    این کد را نگه دارید. نتیجه از همین بات اطلاع داده می‌شود؛ وضعیت را هر زمان با /status ببینید.

staff-license-new = 📥 درخواست پروانه مجری حقیقی جدید
staff-license-file = 🏗 پروانه مجری حقیقی — کد رهگیری: { $code }
    متقاضی: { $name }، شماره عضویت { $number } ({ $known })
    پروانه اشتغال: { $kind }، { $grade }
    سوابق: { $projects } پروژه، مجموع { $area }
    توان مالی اظهارشده: { $finance }
    مدارک: { $documents } فایل
staff-license-known = عضویت از طریق بات
staff-license-unknown = عضو پیش از بات؛ کارت عضویت پیوست است
staff-license-score = امتیاز مقدماتی (برآورد متقاضی): کاربرگ ۳: { $ws3 }، کاربرگ ۴: { $ws4 }، کاربرگ ۵: { $ws5 }؛ جمع { $subtotal }

receipt-license-ministry = وزارت راه و شهرسازی — اداره نظام مهندسی و اجرای ساختمان
receipt-license-title = درخواست صدور پروانه اشتغال مجری حقیقی (کاربرگ ۱)
receipt-license-tracking = کد رهگیری پرونده؛ ارسال‌شده در { $date }
receipt-license-intro = اینجانب با مشخصات زیر:
f-license-full_name = نام و نام خانوادگی
receipt-license-birth_year = سال تولد
receipt-license-directive = باتوجه به دستورالعمل پیوست نامه شماره ۵۶۱۶/۱۰۰/۰۲ مورخ ۱۳۸۷/۱۱/۰۲ اداره راه و شهرسازی (نحوه فعالیت سازندگان مسکن)، تقاضای صدور مجوز فعالیت مجری حقیقی را دارم.
receipt-license-signature = تاریخ، امضاء و مهر پروانه اشتغال
receipt-license-reviewer-title = تاییدیه مسئول رسیدگی مدارک:
receipt-license-reviewer = مدارک کامل است و جهت دریافت مجوز مجری حقیقی با پایه ..... معرفی می‌شود.
receipt-license-reviewer-sign = مسئول واحد مجریان ذی‌صلاح — امضاء و تاریخ
receipt-license-manager-title = تاییدیه مدیر فنی سازمان:
receipt-license-manager = مدارک کامل است و جهت بررسی و صدور مجوز مجری حقیقی پایه ..... به اداره راه و شهرسازی ارسال می‌شود.
receipt-license-manager-sign = رئیس سازمان نظام مهندسی ساختمان — امضاء و تاریخ
receipt-license-ws2 = کاربرگ ۲ — خوداظهاری برای اخذ مجوز فعالیت مجری حقیقی
receipt-license-ws3 = کاربرگ ۳ — پروانه اشتغال
receipt-license-ws4 = کاربرگ ۴ — امتیاز سابقه حرفه‌ای
receipt-license-ws4-intro = سوابق اجرای آقای/خانم مهندس { $name } به متراژ کل { $area } متر مربع به شرح جدول زیر و مدارک پیوست ایفاد می‌گردد. (ستون‌های خاکستری را سازمان تکمیل می‌کند.)
receipt-license-ws4-certify = اینجانب { $name } صحت موارد ارائه‌شده فوق را گواهی نموده و در صورت مغایرت، مسئولیت کامل آن را می‌پذیرم.
receipt-ws4-n = ردیف
receipt-ws4-name = نام پروژه
receipt-ws4-place = محل اجرا: استان / شهر
receipt-ws4-dates = تاریخ شروع / خاتمه پروژه
receipt-ws4-area = زیربنا (م²) / طبقات
receipt-ws4-role = سمت در کارگاه
receipt-ws4-employer = نام و تلفن کارفرما
receipt-ws4-own-dates = شروع / خاتمه کار در پروژه
receipt-ws4-factors = ضریب مطلوبیت / ضریب کل
receipt-ws4-attachment = شماره پیوست
receipt-license-ws5 = کاربرگ ۵ — توان مالی (خوداظهاری اموال و دارایی‌ها)
receipt-license-ws5-intro = اینجانب مهندس { $name } متقاضی صدور پروانه اشتغال مجری ذی‌صلاح حقیقی، توان مالی و دارایی‌های خود را به شرح زیر اظهار می‌دارم.
receipt-ws5-n = ردیف
receipt-ws5-item = شرح
receipt-ws5-amount = میلیارد ریال
receipt-ws5-factor = ضریب
receipt-ws5-points = امتیاز (برآورد)
receipt-ws5-verified = تایید سازمان
receipt-license-score = امتیاز مقدماتی (برآورد)

license-rules-title = 📜 خوداظهاری متقاضی پروانه اشتغال مجری حقیقی — { $org }
license-rules-text = «اینجانب { $name } متقاضی اخذ مجوز مجری حقیقی اقرار می‌نمایم که به صورت تمام‌وقت در زمینه اجرا اشتغال به کار داشته و هیچ‌گونه شغل تمام‌وقت و موظف دیگری ندارم. بدیهی است در صورتی که خلاف این اقرارنامه عمل نموده یا نمایم، وزارت راه و شهرسازی می‌تواند بر اساس قانون نظام مهندسی و کنترل ساختمان با اینجانب رفتار نماید.»

    این خوداظهاری کاربرگ ۲ پرونده شماست و با پذیرش آن، پرسش‌های پروانه آغاز می‌شود.
btn-accept-declaration = ✅ این خوداظهاری را می‌پذیرم
license-rules-accepted = ✅ خوداظهاری پذیرفته شد.
license-preliminary-worksheet = — جمع کاربرگ { $worksheet }: { $points } امتیاز
license-band-next-unreachable = ؛ پایه { $grade } ({ $needs } امتیاز) با جدول‌های فعلی دست‌نیافتنی است، چون بیشترین جمع ممکن { $max_total } است

sheet-project-intro = مشخصات این پروژه را می‌توانید در یک پیام بفرستید: پیام بالا را رونوشت کنید، جلوی هر عنوان مقدارش را بنویسید و بفرستید (هر مورد در یک سطر؛ رقم فارسی یا لاتین فرقی ندارد). هر موردی که درست نباشد یا جا بماند، جداگانه و با دلیلش دوباره پرسیده می‌شود؛ مدرک این سابقه پس از آن خواسته می‌شود.

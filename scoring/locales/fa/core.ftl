## Messages of the pure core (scoring/): validation errors and score explanations.
## Every InvalidInput key raised by scoring/ has a message here and in ../en/core.ftl.

invalid-national-code-digits = کد ملی فقط باید شامل رقم باشد.
invalid-national-code-length = کد ملی باید دقیقاً ۱۰ رقم باشد؛ { $length } رقم وارد شد. کدهای تهران با ۰۰ شروع می‌شوند، صفرهای ابتدای کد را هم وارد کنید.
invalid-national-code-repeated = کد ملی نمی‌تواند از یک رقم تکراری تشکیل شده باشد.
invalid-national-code-middle = این کد ملی معتبر نیست (ارقام چهارم تا نهم نمی‌توانند همه صفر باشند).
invalid-national-code-checksum = رقم کنترل کد ملی درست نیست؛ لطفاً کد را دوباره از روی کارت ملی بخوانید.
invalid-mobile = شماره همراه معتبر نیست. نمونه: ۰۹۱۲۳۴۵۶۷۸۹
invalid-landline = شماره تلفن ثابت را با کد شهر وارد کنید. نمونه: ۰۳۸۳۳۳۳۴۴۵۵
invalid-postal-code-length = کد پستی باید ۱۰ رقم باشد.
invalid-postal-code-pattern = این کد پستی معتبر نیست (در پنج رقم اول کد پستی رقم‌های ۰ و ۲ به کار نمی‌روند).
invalid-email = نشانی ایمیل معتبر نیست. نمونه: name@example.com
invalid-text-empty = این پاسخ نمی‌تواند خالی باشد.
invalid-text-too-long = این پاسخ بیش از حد طولانی است (حداکثر { $max } نویسه).
invalid-name = نام فقط می‌تواند شامل حروف باشد.
invalid-identifier = این شماره فقط می‌تواند شامل حروف، رقم، / و - باشد (حداکثر { $max } نویسه).
invalid-birth-certificate-digits = شماره شناسنامه فقط از رقم تشکیل می‌شود (بدون حرف، / یا -)؛ سری و سریال کنار آن را وارد نکنید.
invalid-birth-certificate-length = شماره شناسنامه حداکثر { $max } رقم است؛ { $length } رقم وارد شد.
invalid-date-format = تاریخ را به شکل سال/ماه/روز شمسی وارد کنید. نمونه: ۱۳۷۰/۰۶/۳۱
invalid-date-nonexistent = این تاریخ در تقویم وجود ندارد (مثلاً ۳۰ اسفند فقط در سال کبیسه است).
invalid-date-future = این تاریخ نمی‌تواند در آینده باشد.
invalid-birth-date-too-young = متقاضی باید دست‌کم { $min } سال داشته باشد؛ تاریخ تولد را بررسی کنید.
invalid-birth-date-too-old = این تاریخ تولد بیش از { $max } سال پیش است؛ تاریخ را بررسی کنید.
invalid-graduation-before-birth = تاریخ فارغ‌التحصیلی باید بعد از تاریخ تولد باشد.

input-not-object = { $field }: باید یک شیء JSON باشد.
input-missing = { $field }: این فیلد لازم است و وجود ندارد.
input-not-number = { $field }: باید عدد باشد.
input-not-integer = { $field }: باید عدد صحیح باشد.
input-below-minimum = { $field }: نمی‌تواند کمتر از { $min } باشد.
input-out-of-range = { $field }: باید بین { $min } و { $max } باشد.
input-unknown-choice = { $field }: مقدار نامعتبر؛ مقادیر مجاز: { $options }
input-not-list = { $field }: باید فهرست باشد.
input-wrong-count = { $field }: باید دقیقاً { $count } مقدار داشته باشد.

score-ws3 = کاربرگ ۳: { $kind_fa } پایه { $grade } ← { $points } امتیاز
score-ws4-credited = کاربرگ ۴: پروژه { $n }: { $area } مترمربع × ضریب مطلوبیت { $desirability } × ضریب کل { $total } = { $credited } مترمربع محاسبه‌شده
score-ws4-row = کاربرگ ۴: { $type_fa }: { $area } مترمربع × { $factor } / { $unit } = { $points } امتیاز
score-ws5-row = کاربرگ ۵: { $item_fa }: { $amount } میلیارد ریال × { $factor } = { $points } امتیاز
score-ws6 = کاربرگ ۶: جمع نمرات { $marks } = { $sum } ← { $points } امتیاز
score-capped = کاربرگ { $worksheet }: { $raw } امتیاز به سقف { $maximum } محدود شد.
score-below-floor = کاربرگ { $worksheet }: { $points } امتیاز، کمتر از حداقل { $floor } امتیاز است.
score-raised-to-floor = کاربرگ { $worksheet }: { $raw } امتیاز به حداقل { $floor } افزایش یافت.
score-not-eligible = جمع امتیاز { $total }؛ کاربرگ(های) { $worksheets } به حداقل امتیاز نرسیده است، بنابراین درخواست واجد شرایط هیچ پایه‌ای نیست.
score-no-grade = جمع امتیاز { $total } کمتر از حداقل { $minimum } امتیاز لازم برای پایه ۳ است.
score-grade = جمع امتیاز { $total } ← پایه { $grade }

rules-band-unreachable = کاربرگ ۶: بازه «{ $start } و بیشتر» ({ $points } امتیاز) هرگز رخ نمی‌دهد، چون بیشترین جمع نمرات { $max_marks } است.
rules-maximum-unreachable = کاربرگ { $worksheet }: سقف { $maximum } امتیاز دست‌نیافتنی است؛ بیشترین امتیاز ممکن { $reachable } است.
rules-floor-unreachable = کاربرگ { $worksheet }: حداقل { $floor } امتیاز از بیشترین امتیاز ممکن بالاتر است.
rules-grade-unreachable = پایه { $grade } (حداقل { $minimum } امتیاز) دست‌نیافتنی است؛ بیشترین جمع ممکن { $max_total } است.
rules-report-worksheet = کاربرگ { $worksheet } ({ $title }): حداکثر { $maximum } امتیاز
rules-report-total = بیشترین جمع ممکن: { $total }
rules-report-grades = پایه‌های قابل دستیابی: { $grades }
rules-report-no-grades = هیچ پایه‌ای قابل دستیابی نیست.

invalid-phone = شماره تلفن ثابت را با پیش‌شماره یا شماره همراه را بنویسید. مثال: 03833334455
invalid-number-format = یک عدد بنویسید، مانند ۱٫۵ یا 1.5 (ممیز می‌تواند . یا ٫ یا / باشد).
invalid-number-negative = این عدد نمی‌تواند منفی باشد.
invalid-number-too-precise = حداکثر { $places } رقم بعد از ممیز.
invalid-number-too-large = این عدد بیش از حد بزرگ است (حداکثر { $max }).
invalid-area-zero = سطح زیربنا باید بیشتر از صفر متر مربع باشد.
invalid-floors = تعداد طبقات را به صورت عدد صحیح از ۱ تا { $max } بنویسید.
invalid-license-expired = اعتبار این پروانه در { $date } به پایان رسیده است: پروانه مجری حقیقی به پروانه اشتغال معتبر نیاز دارد. ابتدا پروانه را در اداره راه و شهرسازی تمدید کنید.
invalid-project-end-before-start = تاریخ خاتمه پروژه نمی‌تواند قبل از تاریخ شروع آن ({ $start }) باشد.
invalid-accepted-above-claimed = مقدار پذیرفته‌شده نمی‌تواند بیشتر از مقدار اظهارشده ({ $claimed }) باشد.
invalid-own-date-outside-project = تاریخ کار متقاضی در پروژه باید میان تاریخ شروع ({ $start }) و خاتمه ({ $end }) پروژه باشد.
invalid-factor-out-of-range = { $factor_fa } باید عددی از { $min_fa } تا { $max_fa } باشد (مقادیر مجاز در قواعد امتیازدهی).
invalid-issued-before-submission = تاریخ صدور پروانه ({ $date_fa }) نمی‌تواند پیش از ارسال پرونده ({ $submitted_fa }) باشد: پروانه بر اساس همین پرونده صادر می‌شود. تاریخ صدور را از روی پروانه دوباره بنویسید.

## For the organization's operator and admins: the start-up notice to admins, the export's columns.

operator-offices-none = ⚠️ هیچ دفتر نمایندگی فعالی ثبت نشده است؛ در پرسش دفتر نمایندگی، متقاضیان فقط گزینه «{ office-no-preference }» را می‌بینند.
    دفترها را همین‌جا با /offices import (و فرستادن فایل CSV) یا روی سرور با این دستور وارد کنید: nezam-bot offices import FILE.csv
operator-offices-missing = ⚠️ این { $n } استان هیچ دفتر نمایندگی فعالی ندارند؛ متقاضیان آن‌ها فقط گزینه «{ office-no-preference }» را می‌بینند:
    { $provinces }
    دفترها را همین‌جا با /offices import (و فرستادن فایل CSV) یا روی سرور با این دستور وارد کنید: nezam-bot offices import FILE.csv

export-tracking-code = کد رهگیری
export-kind = نوع پرونده
export-status = وضعیت
export-province = استان
export-office = دفتر نمایندگی
export-submitted = تاریخ ارسال
export-decided = تاریخ تصمیم
export-worksheet = کاربرگ { $n }: { $title }
export-total = جمع امتیاز
export-grade = پایه
export-first-name = نام
export-last-name = نام خانوادگی
export-national-code = کد ملی
export-mobile = شماره همراه
export-jalali = شمسی
export-sheet = پرونده‌ها

## The offices file (nezam-bot offices import, /offices import): why a line cannot be imported.
offices-csv-line = سطر { $line }: { $reason }
offices-csv-not-utf8 = متن با کدگذاری UTF-8 نیست (فایل را با قالب «CSV UTF-8» ذخیره کنید)
offices-csv-header = سطر اول باید { $columns } باشد (با ویرگول انگلیسی جدا شده)، نه «{ $found }»
offices-csv-empty = فایل خالی است؛ سطر اول باید { $columns } باشد
offices-csv-province-empty = استان خالی است
offices-csv-province-unknown = استان «{ $value }» شناخته نیست (کد ISO از IR-00 تا IR-30 یا نام فارسی استان)
offices-csv-name-empty = نام دفتر خالی است
offices-csv-name-long = نام دفتر بیش از { $max } نویسه است
offices-csv-city-long = نام شهر بیش از { $max } نویسه است
offices-csv-active = ستون active باید ۱ یا ۰ باشد (یا خالی برای ۱)، نه «{ $value }»
offices-csv-columns = { $values } مقدار ولی { $columns } ستون (نامی که ویرگول دارد باید در گیومه انگلیسی "" باشد)
offices-csv-duplicate = همان دفتر (استان و نام) سطر { $first }
offices-csv-not-csv = به صورت CSV خوانا نیست: { $error }
offices-csv-no-offices = پس از سطر عنوان هیچ دفتری نیست

## /offices in the admins' private chat.
offices-summary = 🏢 دفترهای نمایندگی: { $total } دفتر، { $active } فعال.
offices-all-covered = همه استان‌ها دفتر فعال دارند.
offices-missing = استان‌های بدون دفتر فعال ({ $n }): { $provinces }
offices-help = • برای دیدن دفترهای هر استان و فعال یا غیرفعال کردن آن‌ها، استان را از دکمه‌های زیر بزنید؛ یا: /offices IR-14 (کد یا نام فارسی استان)
    • افزودن دفتر: /offices add IR-14 | نام دفتر | شهر
    • وارد کردن فایل دفترها (CSV با ستون‌های province,name,city,active): /offices import
offices-none-yet = هنوز هیچ دفتری ثبت نشده است.
btn-offices-province = { $province } ({ $n })
offices-of-province = 🏢 دفترهای نمایندگی { $province }:
offices-line = • #{ $id } { $name }{ $city } — { $active ->
        [yes] فعال
       *[no] غیرفعال
    }
offices-province-empty = برای { $province } هنوز دفتری ثبت نشده است. افزودن: /offices add { $code } | نام دفتر | شهر
btn-office-off = ⛔ غیرفعال کردن #{ $id }
btn-office-on = ✅ فعال کردن #{ $id }
offices-unknown-province = «{ $value }» استان نیست: کد ISO (از IR-00 تا IR-30) یا نام فارسی استان را بنویسید.
offices-add-usage = به این صورت بنویسید: /offices add IR-14 | نام دفتر | شهر (شهر را می‌توان ننوشت).
offices-add-too-long = نام دفتر حداکثر { $name } و نام شهر حداکثر { $city } نویسه می‌تواند باشد.
offices-added = ✅ دفتر #{ $id } «{ $name }» برای { $province } افزوده شد.
offices-exists = { $province } دفتری با نام «{ $name }» دارد (#{ $id }).
offices-toggled = دفتر #{ $id } «{ $name }» اکنون { $active ->
        [yes] فعال
       *[no] غیرفعال
    } است.
offices-gone = این دفتر دیگر وجود ندارد.
offices-send-file = فایل دفترها (CSV با کدگذاری UTF-8 و سطر عنوان province,name,city,active) را به صورت فایل بفرستید. برای انصراف /menu را بزنید.
offices-not-a-file = این فایل نیست: فایل CSV دفترها را به صورت فایل بفرستید، یا برای انصراف /menu را بزنید.
offices-file-problems = فایل وارد نشد و چیزی تغییر نکرد:
offices-file-more = … و { $n } ایراد دیگر
offices-imported = ✅ وارد شد: { $created } دفتر تازه، { $updated } به‌روز شده، { $unchanged } بدون تغییر.

## /export in the admins' private chat.
export-usage = به این صورت بنویسید: /export [وضعیت …] [از تاریخ] [تا تاریخ]، مثلاً /export approved member 1403/05/01 1403/05/31
    وضعیت‌ها: { $statuses }
export-unknown = «{ $value }» نه وضعیت است و نه تاریخ شمسی (مثل 1403/05/12).
export-range = تاریخ شروع ({ $start }) پس از تاریخ پایان ({ $end }) است.
export-caption = 📊 { $n } پرونده{ $filters }
    این فایل کد ملی و شماره همراه متقاضیان را دارد: اطلاعات شخصی است، آن را امن نگه دارید.
export-filter-statuses = ، وضعیت: { $statuses }
export-filter-from = ، ارسال از { $date }
export-filter-to = ، ارسال تا { $date }
export-preparing = ⏳ فایل در حال آماده شدن است و هر وقت آماده شد همین‌جا فرستاده می‌شود (برای همهٔ پرونده‌های کشور حداکثر یک دقیقه). در این فاصله می‌توانید کار دیگری انجام دهید.
export-failed = ⚠️ ساختن فایل ممکن نشد. لطفاً بعداً دوباره امتحان کنید؛ اگر باز هم نشد به راهبر سامانه خبر دهید.

## For the organization's operator and admins: the start-up notice to admins, the export's columns.

operator-offices-none = ⚠️ هیچ دفتر نمایندگی فعالی ثبت نشده است؛ در پرسش دفتر نمایندگی، متقاضیان فقط گزینه «{ office-no-preference }» را می‌بینند.
    دفترها را روی سرور با این دستور وارد کنید: nezam-bot offices import FILE.csv
operator-offices-missing = ⚠️ این { $n } استان هیچ دفتر نمایندگی فعالی ندارند؛ متقاضیان آن‌ها فقط گزینه «{ office-no-preference }» را می‌بینند:
    { $provinces }
    دفترها را روی سرور با این دستور وارد کنید: nezam-bot offices import FILE.csv

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
export-sheet = پرونده‌ها

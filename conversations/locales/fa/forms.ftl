## Forms: titles, questions (q-*) and summary labels (f-*).

form-contact = تایید شماره همراه
form-identity = اطلاعات هویتی
form-personal = مشخصات فردی
form-education = اطلاعات تحصیلی
form-family = اطلاعات همسر و فرزندان
form-degree = مدرک تحصیلی
form-family-member = همسر و فرزندان
form-documents = مدارک و مستندات

q-mobile = شماره همراه شما باید متعلق به خودتان باشد. دکمه «📱 ارسال شماره همراه من» را در پایین صفحه بزنید.
f-mobile = شماره همراه

q-national_code = کد ملی ۱۰ رقمی خود را وارد کنید.
f-national_code = کد ملی
q-first_name = نام خود را مطابق کارت ملی بنویسید.
f-first_name = نام
q-last_name = نام خانوادگی خود را مطابق کارت ملی بنویسید.
f-last_name = نام خانوادگی
q-father_name = نام پدر را بنویسید.
f-father_name = نام پدر
q-birth_certificate_number = شماره شناسنامه را وارد کنید.
f-birth_certificate_number = شماره شناسنامه
q-birth_date = تاریخ تولد خود را به شمسی وارد کنید (مانند ۱۳۷۰/۰۶/۳۱).
f-birth_date = تاریخ تولد
q-gender = جنسیت را انتخاب کنید.
f-gender = جنسیت

q-province = استان مورد تقاضای عضویت را انتخاب کنید.
f-province = استان محل عضویت
q-office = دفتر نمایندگی مورد نظر را انتخاب کنید. این انتخاب پیشنهادی است و کارشناس پذیرش ممکن است بر اساس معیارهای مصوب استان آن را تغییر دهد.
f-office = دفتر نمایندگی پیشنهادی
office-no-preference = ترجیحی ندارم (سازمان تعیین کند)
q-birth_province = استان محل تولد خود را انتخاب کنید. { $suggestions ->
    [0] { "" }
   *[other] گزینه(های) علامت‌دار بر اساس کد ملی شما پیشنهاد شده‌اند؛ اگر درست نیست، استان دیگری را انتخاب کنید.
}
f-birth_province = استان محل تولد
suggested = ⭐ { $label }
q-residence_address = نشانی کامل محل سکونت را بنویسید (کد پستی ۱۰ رقمی را هم می‌توانید در انتهای آن بنویسید).
f-residence_address = نشانی محل سکونت
q-residence_postal_code = کد پستی ۱۰ رقمی محل سکونت را وارد کنید.
f-residence_postal_code = کد پستی محل سکونت
q-work_address = نشانی کامل محل کار را بنویسید (کد پستی ۱۰ رقمی را هم می‌توانید در انتهای آن بنویسید).
f-work_address = نشانی محل کار
q-work_postal_code = کد پستی ۱۰ رقمی محل کار را وارد کنید.
f-work_postal_code = کد پستی محل کار
q-legal_domicile = اقامتگاه قانونی (نشانی مکاتبات رسمی) کدام باشد؟
f-legal_domicile = اقامتگاه قانونی
q-domicile_address = نشانی کامل اقامتگاه قانونی جدید را بنویسید (کد پستی ۱۰ رقمی را هم می‌توانید در انتهای آن بنویسید).
f-domicile_address = نشانی اقامتگاه قانونی
q-domicile_postal_code = کد پستی ۱۰ رقمی اقامتگاه قانونی را وارد کنید.
f-domicile_postal_code = کد پستی اقامتگاه قانونی
q-prior_membership = آیا سابقه عضویت در سازمان نظام مهندسی استان دیگری دارید؟
f-prior_membership = سابقه عضویت در استان دیگر
q-prior_membership_province = عضو سازمان کدام استان بوده‌اید؟
f-prior_membership_province = استان عضویت قبلی
q-prior_membership_number = شماره عضویت قبلی را وارد کنید.
f-prior_membership_number = شماره عضویت قبلی
q-other_license = آیا پروانه اشتغال به کار مهندسی از اداره کل راه و شهرسازی استان دیگری دارید؟
f-other_license = پروانه اشتغال از استان دیگر
q-other_license_province = پروانه از کدام استان صادر شده است؟
f-other_license_province = استان صادرکننده پروانه
q-other_license_number = شماره پروانه اشتغال را وارد کنید.
f-other_license_number = شماره پروانه اشتغال
q-insurance = آیا بیمه (تامین اجتماعی، خدمات درمانی یا نیروهای مسلح) دارید؟
f-insurance = بیمه
q-insurance_type = نوع بیمه را انتخاب کنید.
f-insurance_type = نوع بیمه
q-insurance_number = شماره بیمه را وارد کنید.
f-insurance_number = شماره بیمه
q-technician_commitment = تعهد: «اینجانب عضو سازمان نظام کاردانی نیستم.» برای ادامه باید این تعهد را بپذیرید.
f-technician_commitment = تعهد عدم عضویت در نظام کاردانی

f-degrees = مدارک تحصیلی
f-people = همسر و فرزندان

q-level = مقطع تحصیلی این مدرک را انتخاب کنید.
f-level = مقطع
q-field = رشته را از میان رشته‌های هفتگانه ساختمان انتخاب کنید.
f-field = رشته
q-specialization = گرایش را دقیقاً مطابق عنوان درج‌شده در مدرک بنویسید.
f-specialization = گرایش
q-university = نام دانشگاه را بنویسید.
f-university = دانشگاه
q-graduation_date = تاریخ فارغ‌التحصیلی را به شمسی وارد کنید (مانند ۱۳۹۲/۰۴/۱۰).
f-graduation_date = تاریخ فارغ‌التحصیلی
q-code_kind = آیا مدرک شما کد استعلام دارد؟ اگر ندارد باید تاییدیه تحصیلی بگیرید و کد تاییدیه را وارد کنید.
f-code_kind = نوع کد
q-code = کد استعلام (یا کد تاییدیه تحصیلی) را وارد کنید.
f-code = کد استعلام / تاییدیه
q-verification_photo = تصویر تاییدیه تحصیلی را بفرستید (عکس یا PDF).
f-verification_photo = تصویر تاییدیه تحصیلی
q-certificate_photo = تصویر مدرک تحصیلی را بفرستید (عکس یا PDF). ارسال این تصویر اجباری است.
f-certificate_photo = تصویر مدرک تحصیلی

q-relation = نسبت این فرد با شما؟
f-relation = نسبت
q-member-first_name = نام این فرد را بنویسید.
q-member-last_name = نام خانوادگی این فرد را بنویسید.
q-member-national_code = کد ملی این فرد را وارد کنید.
q-member-birth_date = تاریخ تولد این فرد را به شمسی وارد کنید.

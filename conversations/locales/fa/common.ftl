## Shared words, buttons and the form engine's texts.

yes = بله
no = خیر
btn-back = « بازگشت
btn-skip = رد کردن
btn-cancel = ✖️ انصراف
btn-menu = 🏠 منوی اصلی
btn-accept = ✅ می‌پذیرم
btn-prev-page = ‹ قبلی
btn-next-page = بعدی ›
page-of = صفحه { $page } از { $pages }
btn-edit = ✏️ { $label }
btn-save-next = 💾 ثبت اطلاعات و مرحله بعد
btn-confirm-continue = ✅ تایید و ادامه
btn-save-degree = 💾 ذخیره تغییرات مدرک
btn-save-person = 💾 ذخیره اطلاعات این فرد
btn-share-contact = 📱 ارسال شماره همراه من

question-progress = { $form } — پرسش { $n } از { $total }
current-value = مقدار فعلی: { $value }
or-cancel = یا برای انصراف:
value-skipped = (رد شد)
document-received = ✅ دریافت شد
summary-title = 📋 { $form }
summary-line = • { $label }: { $value }
answered = { $question }: { $value } ✔️
contact-received = ✅ شماره همراه شما تایید شد.
cancelled-saved = پاسخ‌های شما ذخیره شده‌اند. هر وقت خواستید با دکمه «ادامه …» در منوی اصلی از همین‌جا ادامه دهید.
stale-button = این دکمه دیگر معتبر نیست.
position-moved = پرونده شما در این فاصله تغییر کرده است؛ از جایی که اکنون هستید ادامه می‌دهیم:
edit-not-read = ویرایش پیام‌های فرستاده‌شده خوانده نمی‌شود و پاسخ قبلی به همان شکل ثبت مانده است. اگر می‌خواهید پاسخی را تغییر دهید، آن را به صورت پیام تازه بفرستید یا از خلاصه «ویرایش» را بزنید.
cannot-skip = این پرسش اجباری است و رد نمی‌شود.
use-summary-buttons = برای ادامه یکی از دکمه‌های زیر خلاصه را بزنید.
use-list-buttons = برای ادامه یکی از دکمه‌های فهرست را بزنید.

expect-text = لطفاً پاسخ را به صورت متن بنویسید.
expect-date = لطفاً تاریخ را به صورت متن بنویسید، مانند ۱۳۷۰/۰۶/۳۱.
expect-choice = لطفاً یکی از دکمه‌ها را بزنید.
expect-yes_no = لطفاً «بله» یا «خیر» را بزنید.
expect-confirm = لطفاً دکمه «می‌پذیرم» را بزنید.
expect-contact = لطفاً با دکمه «ارسال شماره همراه من» در پایین صفحه، شماره خودتان را بفرستید.
expect-photo = لطفاً عکس را بفرستید (به صورت عکس یا فایل تصویری).
expect-document = لطفاً تصویر مدرک را به صورت عکس، فایل تصویری یا PDF بفرستید.
expect-button = این گزینه در فهرست نیست؛ لطفاً یکی از دکمه‌ها را بزنید.
choice-type-hint = به جای پیدا کردن دکمه، می‌توانید نام را تایپ کنید (بخشی از نام کافی است).
choice-did-you-mean = «{ $typed }» به چند گزینه می‌خورد؛ منظورتان کدام است؟
choice-type-more = «{ $typed }» بخشی از نام گزینه‌های زیادی است؛ نام را کامل‌تر بنویسید یا یکی از دکمه‌ها را بزنید.
choice-not-found = «{ $typed }» با هیچ‌یک از گزینه‌ها جور نیست؛ نام را درست بنویسید (بخشی از آن کافی است) یا یکی از دکمه‌ها را بزنید.
command-in-question = الان منتظر پاسخ این پرسش هستم. برای رفتن به منو /menu را بفرستید.
contact-not-yours = این شماره متعلق به حساب شما نیست. فقط شماره همراه خودتان پذیرفته می‌شود؛ دکمه «ارسال شماره همراه من» را بزنید.
unexpected-sticker = استیکر را نمی‌توانم به عنوان پاسخ بپذیرم. { $expected }
unexpected-voice = پیام صوتی یا ویدیویی را نمی‌توانم به عنوان پاسخ بپذیرم. { $expected }
unexpected-file = اینجا فایل لازم نیست. { $expected }
unexpected-contact = اینجا شماره تماس لازم نیست. { $expected }
unexpected-input = این نوع پیام را نمی‌توانم به عنوان پاسخ بپذیرم. { $expected }

file-not-an-image = این فایل تصویر قابل خواندن نیست. لطفاً عکس واضحی از مدرک بفرستید.
file-not-pdf = این فایل PDF معتبر نیست.
pdf-damaged = این فایل PDF آسیب دیده است و باز نمی‌شود؛ لطفاً دوباره از روی مدرک PDF بگیرید یا عکس آن را بفرستید.
pdf-password = این فایل PDF رمز دارد و باز نمی‌شود؛ لطفاً نسخه بدون رمز یا عکس مدرک را بفرستید.
file-wrong-type = فقط عکس، فایل تصویری (JPG/PNG) یا PDF پذیرفته می‌شود.
expect-photo-not-pdf = لطفاً اینجا عکس بفرستید؛ فایل PDF برای این مورد پذیرفته نمی‌شود.
file-too-large = حجم فایل بیش از { $max_mb } مگابایت است؛ لطفاً فایل کوچک‌تری بفرستید.
image-too-small = تصویر خیلی کوچک است (حداقل { $min_width }×{ $min_height } پیکسل). لطفاً عکس واضح‌تر و بزرگ‌تری بفرستید.
image-too-many-pixels = ابعاد این تصویر غیرعادی و بیش از حد بزرگ است؛ لطفاً عکس معمولی از مدرک بفرستید.

error-generic = متاسفانه خطایی پیش آمد. پاسخ‌های شما ذخیره شده‌اند؛ لطفاً دوباره تلاش کنید یا /menu را بفرستید.
error-unavailable = سامانه موقتاً در دسترس نیست. پاسخ‌هایی که تا اینجا داده‌اید ذخیره شده‌اند؛ لطفاً چند دقیقه دیگر دوباره بفرستید.

documents-received = ✅ { $n } فایل دریافت شد
files-received = تا اینجا { $n } فایل دریافت شده است (دست‌کم { $least }). صفحه بعدی را بفرستید یا «تمام شد» را بزنید. یک فایل PDF می‌تواند همه صفحات را یکجا داشته باشد.
btn-files-done = ✅ تمام شد ({ $n } فایل)
btn-files-restart = 🗑 از نو
btn-gate-yes = ✅ بله
btn-gate-no = ✖️ خیر
gate-press-button = لطفاً یکی از دکمه‌های «بله» یا «خیر» را بزنید.

## Groups: only staff work there.
group-use-private = برای کار با ربات در گفت‌وگوی خصوصی با @{ $bot } بنویسید؛ در گروه فقط دستورها و دکمه‌های کارکنان پاسخ می‌گیرند.
sides-received = { $n } روی از { $least } روی کارت دریافت شده است؛ حالا روی دیگر را (عکسی متفاوت) بفرستید.
sides-same-image = این همان تصویری است که برای روی اول فرستادید؛ دو روی کارت دو تصویر متفاوت‌اند. تصویر روی دیگر را بفرستید.

# a sheet: several questions answered in one message (issue 29)
btn-one-by-one = یکی‌یکی بپرسید
sheet-line = { $label }:
sheet-choices = «{ $label }» یکی از این‌ها: { $options }
sheet-or-one = یا اگر یکی‌یکی راحت‌ترید، «یکی‌یکی بپرسید» را بزنید یا به پرسش نخست پاسخ دهید: { $question }
sheet-taken = { $n } مورد ثبت شد.
sheet-refused = «{ $label }» ثبت نشد: { $reason }
sheet-unknown-line = این سطر شناخته نشد (عنوانش را مانند فرم بنویسید): «{ $line }»
answered-for-you = «{ $question }»: { $value } — تنها گزینه موجود است و برای شما ثبت شد؛ پیش از ارسال نهایی می‌توانید آن را تغییر دهید.

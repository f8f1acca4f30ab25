## The main menu and the commands available everywhere.

menu-text = منوی اصلی — { $org }
    یکی از گزینه‌های زیر را انتخاب کنید.
welcome = به بات { $org } خوش آمدید. از اینجا می‌توانید درخواست عضویت را کامل کنید، پرونده‌های خود را در کارتابل ببینید و وضعیت آن‌ها را پیگیری کنید.
menu-membership = 📝 درخواست عضویت
menu-membership-continue = 📝 ادامه درخواست عضویت
menu-membership-done = ✅ عضویت من
menu-cartable = 🗂 کارتابل
menu-status = 🔎 پیگیری وضعیت
menu-help = ❓ راهنما
menu-language = 🌐 English
help-text = راهنما:
    • «درخواست عضویت»: مراحل را به ترتیب طی کنید — تایید شماره همراه، اطلاعات هویتی، پذیرش قوانین، مشخصات فردی، اطلاعات تحصیلی، همسر و فرزندان، مدارک، تایید نهایی.
    • هر پاسخ بلافاصله ذخیره می‌شود؛ هر وقت برگردید از همان پرسش ادامه می‌دهید.
    • تاریخ‌ها را شمسی بنویسید (مانند ۱۳۷۰/۰۶/۳۱). ارقام فارسی و انگلیسی هر دو پذیرفته می‌شوند.
    • /status وضعیت آخرین پرونده، /status کد‌رهگیری وضعیت یک پرونده، /cartable کارتابل، /menu منوی اصلی، /lang تغییر زبان.
language-changed = زبان به فارسی تغییر کرد.
status-no-file = هنوز پرونده‌ای ندارید. از «درخواست عضویت» شروع کنید.
status-not-found = پرونده‌ای با این کد رهگیری در میان پرونده‌های شما پیدا نشد.
status-line = پرونده { $code } ({ $kind }): { $status }
    آخرین تغییر: { $updated }
cartable-empty = کارتابل شما خالی است.
cartable-title = 🗂 کارتابل — پرونده‌های شما (🔴 یعنی منتظر اقدام شما):
cartable-line = { $marker }{ $code } — { $kind }: { $status }
cartable-waiting = 🔴{ " " }
continuing = ادامه از همان جایی که بودید:
not-understood = متوجه نشدم. از منوی زیر انتخاب کنید.
cmd-start = شروع و منوی اصلی
cmd-menu = منوی اصلی
cmd-status = وضعیت پرونده
cmd-cartable = کارتابل
cmd-help = راهنما
cmd-lang = تغییر زبان (English)

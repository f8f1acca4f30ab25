## The main menu and the commands available everywhere.

menu-text = Main menu — { $org }
    Choose one of the options below.
welcome = Welcome to the bot of the { $org }. Here you can complete a membership request, see your files in your cartable and follow their status.
menu-membership = 📝 Membership request
menu-membership-continue = 📝 Continue membership request
menu-membership-done = ✅ My membership
menu-cartable = 🗂 Cartable
menu-status = 🔎 Status
menu-help = ❓ Help
menu-language = 🌐 فارسی
help-text = Help:
    • "Membership request": go through the steps in order — mobile number, identity, rules, personal details, education, spouse and children, documents, final check.
    • "Builder license application" (members of the organization): worksheets 1 to 5, documents, a preliminary score, final check. Members who joined through this bot find worksheet 1 filled in.
    • Every answer is saved at once; when you come back you continue at the same question.
    • Type dates in the Solar Hijri calendar (e.g. 1370/06/31). Persian and Latin digits are both fine.
    • /status the latest file of each kind, /status CODE one file, /cartable your files, /mydata what we hold about you (and deleting a draft), /notifications reminders, /verify check a document the organization issued, /menu the main menu, /lang switch language.
language-changed = Language switched to English.
status-no-file = You have no file yet. Start with "Membership request" or "Builder license application" in the menu.
status-not-found = No file with this tracking code was found among your files.
status-not-linked = This account is not linked to any file yet. If you made your file on the other messenger (Bale or Telegram), press an application in the menu and give the same mobile number and national code: your files then show here too.
status-line = File { $code } ({ $kind }): { $status }
    Last change: { $updated }
cartable-empty = Your cartable is empty.
cartable-title = 🗂 Cartable — your files (🔴 means waiting for you):
cartable-line = { $marker }{ $code } — { $kind }: { $status }
cartable-waiting = 🔴{ " " }
continuing = Continuing where you left off:
not-understood = I did not understand. Please choose from the menu below.
cmd-start = Start and main menu
cmd-menu = Main menu
cmd-status = Status of your file
cmd-cartable = Cartable
cmd-help = Help
cmd-lang = Change language (فارسی)
deep-link-unknown = This link is not known; go on from the menu below.
menu-file-waiting = 📄 { $kind } — file { $code }: { $status }
menu-file-cartable = Each file's next step is in the cartable.

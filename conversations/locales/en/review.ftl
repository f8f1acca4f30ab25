## Staff review, notifications to the applicant, the cartable's history.

staff-new-file = 📥 New membership request
staff-resubmitted = 🔁 Resubmitted after corrections (time { $n })
staff-file = Tracking code: { $code }
    Name: { $name }
    Province: { $province }
    Suggested office: { $office }
    Documents: { $documents }
    Degrees:
staff-degree-line = • { $level } — { $field } — { $university }
staff-changed = Sections corrected since the last return: { $sections }
staff-status = Status: { $status }
staff-actions = Actions on file { $code }:
staff-handled = Last action: { $name } — status now: { $status }
staff-full-title = Full file { $code }
btn-staff-take = 🙋 Take
btn-staff-approve = ✅ Approve
btn-staff-return = ↩️ Return for corrections
btn-staff-reject = ⛔ Reject
btn-staff-paid = 💰 Payment received
btn-staff-full = 📄 Show full file
btn-staff-documents = 📎 Documents (in private)
staff-no-documents = File { $code } has no documents.
staff-not-allowed = You are not allowed to do this.
staff-not-possible = This is not possible in the file's current status.
staff-done = Done.
staff-already = This file was already handled by { $name } (status: { $status }).
someone = a colleague
review-pick-sections = Returning file { $code }: choose the sections to correct.
review-pick-one = Choose at least one section.
btn-review-next = Write the notes ›
review-note = Write your note for "{ $section }" (the applicant sees it).
review-note-text = Please write the note as text.
review-note-caption = Write the note as text, or send a photo or PDF of the reply with the note as its caption.
staff-document-caption = 📎 { $document } — file { $code }
review-note-too-long = This note is too long (at most { $max } characters); please write it shorter.
review-reject-reason = Write the reason for rejecting file { $code } (the applicant sees it).
review-start-private = To write notes, first /start the bot once in a private chat.
review-continue-private = Continue in your private chat with the bot.
review-cancelled = Cancelled; nothing changed.
review-recorded = Recorded, and the applicant was told (file { $code }).
staff-list-title = Staff and roles:
staff-list-line = • { $name } ({ $id }): { $roles }
staff-no-name = (no name)
staff-usage = Usage: /staff list — /staff add ID ROLE [IR-14 …] [FULL NAME] — /staff remove ID ROLE (roles: reviewer, technical_manager, finance, builders_unit, admin; provinces by their code, none: nationally)
staff-province-unknown = { $code } is not a province code: IR-00 … IR-30 (e.g. IR-14). Nothing was changed.
staff-province-not-yours = You grant roles in your own provinces only ({ $provinces }): name them after the role, e.g. /staff add ID reviewer { $provinces }. Nothing was changed.
staff-updated = Roles updated.

notify-in-review = 🔎 File { $code } is being reviewed by an expert of the organization.
notify-in-review-membership = { notify-in-review }
notify-in-review-builder_license = 🔎 Builder-license file { $code } is in the organization's documents review.
notify-returned = ↩️ File { $code } came back to your cartable for corrections. The expert's notes:
    { $notes }
    Fix them from "🗂 Cartable" or "{ $entry }" and send it again.
notify-note-line = • { $section }: { $note }
notify-rejected = ⛔ File { $code } was rejected. Reason: { $reason }
notify-member = 🎉 Your payment is confirmed and your membership is complete. Membership number: { $number }
returned-fix = File { $code } came back for corrections. The expert's notes:
    { $notes }

btn-history = 📜 Process details { $code }
btn-fix = ✏️ View and fix { $code }
history-empty = The workflow history starts at the end of the first expert review; no review has ended yet.
history-title = 📜 Workflow of file { $code }:
history-line = { $date } — { $role }: { $status }
history-note = "{ $note }"
role-applicant = Applicant
role-reviewer = Admissions expert
role-technical_manager = Technical manager
role-finance = Finance office
role-builders_unit = Builders unit
role-reviewer-builder_license = Documents reviewer
role-admin = Administrator
role-system = System

btn-staff-office = 🏢 Set office
staff-office-confirmed = { $office } (confirmed)
staff-no-offices = No office is registered for this file's province.
staff-pick-office = Choose the office for file { $code } (✅ current choice):
staff-office-set = Office of file { $code }: { $office }
staff-office-logged = 🏢 File { $code }: office "{ $office }" set by { $name }.
staff-slip = 🧾 Payment slip for file { $code }
    Name: { $name }
    Membership fee: { $fee } rials
    After checking the slip, press "Payment received".
staff-paid-online = 💳 The membership fee for file { $code } was paid online; membership complete.
staff-payment-unexpected = ⚠️ A payment arrived for file { $code }, which was not awaiting payment; please check it.
staff-payment-failed = ⚠️ The wallet { $status ->
        [rejected] rejected
       *[failed] failed
    } the online payment for file { $code }; no membership was recorded and the file is still awaiting payment.
staff-payment-unconfirmed = ⚠️ The wallet has still not confirmed the online payment for file { $code } after many checks; please look up transaction { $transaction } in the wallet and, if it was paid, confirm it with the finance button.
staff-code-attempt = ⚠️ An account on { $platform } (id { $account }) typed the national code of applicant “{ $name }” and was not linked to their file. If it is the same person with a new mobile number, contact them (/find NATIONAL-CODE shows the attempts).
history-office = { $date } — { $role }: office "{ $office }" set
history-slip = { $date } — applicant: payment slip sent
history-slip-refused = { $date } — { $role }: payment slip not accepted; send another
history-slip-accepted = { $date } — { $role }: payment slip accepted
form-staff-return = Return for correction
form-staff-reject = Reject the file
form-staff-office = Representative office
form-staff-note = Note
f-review-items = Returned parts
f-review-note = Note
f-staff-reason = Reason for rejecting
f-staff-office = Representative office
f-staff-note = Note
btn-multi-done = Continue ›
multi-pick-one = Choose one at least.
expect-text-with-attachment = Write the note as text, or send the photo or PDF with the note as its caption.
staff-form-gone = This file has moved on meanwhile (or you may no longer do this); nothing was recorded. See the file's card in the staff chat.

## The builder license, the organization's side: documents review, inquiries and letters,
## worksheet 7, approval, the license issued (issue 12). Staff texts in the staff chat's language.

# ---- the staff chat's buttons
btn-license-assess = 📋 Documents review (worksheets 4–6)
btn-letter-disciplinary = 📄 Disciplinary council letter
btn-clear-disciplinary = ✅ Council: no record
btn-record-disciplinary = ⚠️ Council: a record
btn-letter-finance = 📄 Settlement certificate
btn-unpaid-finance = ⚠️ Finance: not settled
btn-letter-execution = 📄 Execution-works inquiry
btn-clear-execution = ✅ Execution works: clear
btn-record-execution = ⚠️ Execution works: a record
btn-license-introduce = 📝 Introduce to the technical manager (worksheet 7)
btn-license-approve = ✅ Approve and send to the Roads and Urban Development office
btn-license-revise = 🔁 Back to documents review
btn-license-issued = 🪪 Record the license issued
prompt-record = Inquiry reply for file { $code }: write the record found; if you have a photo or PDF of the reply, send it with this note as its caption.
prompt-unpaid = File { $code }: write the applicant's unpaid dues (e.g. the years not settled); you may send a photo or PDF with the note as its caption.
prompt-revise = You are sending file { $code } back to documents review: write your note for the documents reviewer (the applicant does not see it).
inquiry-letter-first = Issue this inquiry's letter first; its reply is recorded after the letter.

# ---- the documents reviewer's panel (private chat)
assess-title = 📋 Documents review of file { $code } — { $name }
assess-ws4 = Worksheet 4 — record (the grey part):
assess-project-name = project { $n } "{ $name }"
assess-project-line = • { $project }: claimed { $claimed }, accepted { $accepted } — { $type } — { $state }
assess-accepted = ✅ accepted
assess-refused = ❌ not accepted
assess-pending-mark = ⏳ not judged
assess-ws5 = Worksheet 5 — financial capability:
assess-ws5-none = (no item claimed)
assess-finance-line = • { $item }: claimed { $claimed } → { $accepted }
assess-accepted-amount = accepted { $amount }
assess-staff-card = 📋 Documents review (worksheet 4's grey part, worksheet 5's verification, worksheet 6's marks) happens in the documents reviewer's private chat; the score is recomputed there after every change.
assess-ws6 = Worksheet 6 — desirability marks: { $marks }
assess-ws6-attachments = Worksheet 6 attachments (criteria in order): { $attachments }
assess-score-title = 🧮 Score of the accepted figures (worksheets 3–7):
assess-no-score = No score: the license kind or grade (worksheet 3) is not in the tables.
assess-left = ⏳ Still to judge: { $projects } project(s), { $finance } finance item(s), { $marks } desirability criteria
assess-unreachable = 📌 Grade { $grade } is unreachable with the current tables: it needs { $minimum } { $minimum ->
        [one] point
       *[other] points
    } and the highest possible total is { $max_total }.
btn-assess-project = 🏗 Project { $n }
btn-assess-finance = 💰 Worksheet 5
btn-assess-marks = ⭐ Worksheet 6
btn-assess-done = ✔️ Finish documents review, start the inquiries
btn-assess-home = « Back to the summary
btn-assess-back = « Back
btn-assess-open = 📋 Open the documents review
assess-project-title = 🏗 { $project }
assess-project-claim = Claimed: { $place } — from { $start } to { $end } — { $area }, { $floors } floor(s) — { $type } — employer: { $employer } ({ $phone })
assess-project-grey = The grey part (the organization's):
    • The applicant's start in the project: { $own_start }
    • The applicant's end in the project: { $own_end }
    • Record type: { $type } (factor { $factor } per { $unit } m²)
    • Accepted area: { $area }
    • Desirability factor: { $desirability }
    • Total factor: { $total }
    • Attachment number: { $attachment }
    • State: { $state }
btn-assess-accept = ✅ Accept
btn-assess-refuse = ❌ Do not accept
btn-assess-area = 📐 Accepted area
btn-assess-type = 🏷 Record type
btn-assess-own-start = 📅 Applicant's start
btn-assess-own-end = 📅 Applicant's end
assess-factor-default = — (counts as { $value } until given)
btn-assess-desirability-factor = ⚖️ Desirability factor
btn-assess-total-factor = ✖️ Total factor
btn-assess-attachment = 📎 Attachment number
assess-ask-desirability-factor = Type the desirability factor of { $project }: a number from { $min } to { $max } (e.g. 0.8). The accepted area is multiplied by it; until given it counts as { $default }.
assess-ask-total-factor = Type the total factor of { $project }: a number from { $min } to { $max } (e.g. 0.9). The accepted area is multiplied by it too; until given it counts as { $default }.
assess-ask-attachment = Type the attachment number of the documents of { $project } (e.g. 4-2).
f-desirability_factor = Desirability factor
f-total_factor = Total factor
f-attachment_number = Attachment number
assess-note-desirability-factor = { $project }: desirability factor { $factor }
assess-note-total-factor = { $project }: total factor { $factor }
assess-note-attachment = { $project }: attachment number { $attachment }
btn-assess-attachments = 📎 Worksheet 6 attachments
form-license-ws6-attachments = Worksheet 6 — attachment numbers
f-assess-mark-attachment = Criterion { $n } attachment
btn-assess-mark-attachment = 📎 Criterion { $n } attachment
assess-ask-mark-attachment = Type the attachment number of the documents of criterion { $n } ({ $criterion }) (e.g. 6-1).
assess-attachments-title = 📎 Worksheet 6 — the attachment number of each criterion's documents:
assess-attachment-line = • Criterion { $n } ({ $criterion }): { $attachment }
assess-note-mark-attachment = Worksheet 6, criterion { $n } ({ $criterion }): attachment number { $attachment }
assess-type-question = Choose the record type of { $project } (✅ current):
assess-finance-title = 💰 Worksheet 5 — verifying financial capability (each item at most as claimed):
btn-assess-as-claimed = ✅ Item { $n } as claimed
btn-assess-amount = ✏️ Item { $n } accepted amount
assess-marks-title = ⭐ Worksheet 6 — desirability marks: { $marks }
assess-mark-question = Criterion { $n } of { $count }: { $criterion } — a mark from 0 to { $max }:
assess-ask-area = Write the accepted area of { $project } in square metres (at most as claimed: { $claimed }).
assess-ask-own-start = Write the applicant's start date in { $project } (Jalali, e.g. 1398/03/01).
assess-ask-own-end = Write the applicant's end date in { $project } (Jalali, e.g. 1399/09/30).
assess-ask-amount = Write the accepted amount of "{ $item }" in billion rials (at most as claimed: { $claimed }).
assess-value-text = Please write the value as text (or press "Back").
assess-value-again = Write it again, or press "Back".
assess-not-now = This file is not in documents review (status: { $status }); nothing changed.
assess-changed-by = { $name } changed this file just now; your change was not recorded. See the fresh state and decide again.
assess-changed-since = This file changed since this screen was shown; see the fresh summary.
assess-not-complete = Before finishing, judge every project, finance item and desirability criterion.
assess-no-grade = The accepted figures reach no grade (see the minimums): return the file for corrections or reject it.
assess-finished = ✔️ Documents review of file { $code } finished; the score is kept and the inquiries start in the staff chat.
assess-note-accepted = { $project }: accepted — area claimed { $claimed } → accepted { $accepted }, { $type }
assess-note-refused = { $project }: not accepted (claimed { $claimed })
assess-note-area = { $project }: area { $claimed } → { $accepted }
assess-note-type = { $project }: record type "{ $claimed }" → "{ $accepted }"
assess-note-own-start = { $project }: the applicant's start { $date }
assess-note-own-end = { $project }: the applicant's end { $date }
assess-note-amount = Worksheet 5, { $item }: { $claimed } → { $accepted }
assess-note-mark = Worksheet 6, criterion { $n } ({ $criterion }): mark { $mark }
assess-note-done = Documents review: total { $total } → grade { $grade }

# ---- inquiries
letter-kind-disciplinary = Disciplinary council inquiry
letter-kind-finance = Finance settlement certificate
letter-kind-execution = Execution-works inquiry
letter-history = { $letter }, letter no. { $number }
letter-caption = 📄 { $letter } — no. { $number } — file { $code }
inquiries-title = 📨 Inquiries:
inquiry-line = • { $letter }: { $issued } — { $reply }
inquiry-letter = letter { $number }
inquiry-no-letter = no letter issued
inquiry-waiting = ⏳ awaiting the reply
inquiry-clear = ✅ clear
inquiry-record = ⚠️ a record: "{ $note }"
inquiry-note-clear = { $letter }: clear
inquiry-note-record = { $letter }: a record — { $note }

# ---- worksheet 7, approval, the ministry, the license issued
ws7-card-title = 🧮 Worksheet 7 — summary and grade
ws7-card-points = Worksheet 3: { $ws3 } | worksheet 4: { $ws4 } | worksheet 5: { $ws5 } | worksheet 6: { $ws6 }
    Total: { $total } → grade { $grade }
ws7-not-scored = This file has no score yet (it is kept when documents review ends).
ws7-title = Worksheet 7 — summary and grade
ws7-org-fills = This worksheet is filled in by the organization.
ws7-col-worksheet = Worksheet
ws7-col-title = Title
ws7-col-points = Points (figures)
ws7-col-words = Points (in words)
ws7-total = Total (worksheet 7)
ws7-guide = Grade guide
ws7-guide-minimum = Minimum total
ws7-reviewer-title = Approval of the organization's documents reviewer:
ws7-reviewer = All documents of { $engineer } for the individual builder license were reviewed, and with total score { $total } they are introduced to the Roads and Urban Development office for builder license grade { $grade }.
ws7-signed = Signature and date: { $date }
ministry-card = 📤 Sent to the Roads and Urban Development office for grade { $grade } (total { $total }). Once the license is issued, press "Record the license issued".
closed-card = 🪪 License issued: no. { $number }, grade { $grade }, dated { $date }
revise-to-reviewer = 🔁 The technical manager sent file { $code } back to documents review: "{ $note }"
issue-number = 🪪 Recording the license issued for file { $code }: write the license number.
issue-date = Write the date of issue (Jalali, e.g. 1404/09/15).
issue-grade = Choose the grade of the license issued (✅ the grade introduced):
issue-note = License no. { $number }, grade { $grade }, issued { $date }
issue-recorded = 🪪 The license of file { $code } is recorded and the file closed; the applicant was told.
dossier-note = Sent with the dossier (worksheets 1 and 7, the list of documents) for grade { $grade }
dossier-caption = 📦 Dossier of file { $code } for the Roads and Urban Development office (worksheets 1 and 7, the list of documents)
dossier-reviewer = The documents are complete; introduced for the individual builder license, grade { $grade }.
dossier-manager = The documents are complete; sent to the Roads and Urban Development office to review and issue the individual builder license, grade { $grade }.
dossier-signed = { $title }: { $date }
dossier-documents = Documents attached
dossier-col-n = No.
dossier-col-document = Document
dossier-col-detail = Project / item
dossier-col-count = Files / reply
dossier-ws6-title = Worksheet 6 — desirability
dossier-ws6-n = No.
dossier-ws6-criterion = Criterion
dossier-ws6-mark = Mark
dossier-ws6-attachment = Attachment no.
dossier-letter = { $letter } (letter { $number })
letter-reply-clear = clear
letter-reply-record = a record
letter-reply-none = no reply

# ---- the letters (PDF)
letter-basmala = In the name of God
letter-number = No.
letter-date = Date
letter-engineer = { $gender ->
        [female] Ms.
       *[other] Mr.
    } { $name }, engineer
letter-greeting = With greetings,
letter-reply-title = Reply (below this letter):
letter-disciplinary-to = To the head of the disciplinary council of the { $org }
letter-disciplinary-body = Whereas { $engineer }, member no. { $number }, has applied for the individual builder license (grade { $grade }), please have it certified below whether they have a file or record at the council. (File tracking code: { $code })
letter-disciplinary-sign = Technical manager of the Construction Engineering Organization
letter-disciplinary-reply-to = To the head of the { $org }
letter-disciplinary-reply = We hereby inform you:
letter-disciplinary-reply-sign = Head of the disciplinary council — signature and date
letter-finance-title = Settlement certificate
letter-finance-body = It is certified that { $engineer }, membership no. { $number }, has settled the membership dues up to the end of year { $year }.
letter-finance-sign = Finance office of the organization
letter-execution-to = To the competent authorities (supervision and building-permit bodies)
letter-execution-body = { $engineer }, member no. { $number }, applies for the individual builder license, grade { $grade }, and has presented the execution record below ({ $count } project(s), { $area } in all), accepted in this organization's documents review:
letter-execution-ask = Please state below any violation, complaint or unmet obligation recorded against them in executing these works.
letter-execution-sign = Head of the builders unit
letter-execution-reply = We hereby state:
letter-execution-reply-sign = Replying authority — signature, seal and date
letter-execution-n = No.
letter-execution-name = Project
letter-execution-place = Place: province / city
letter-execution-dates = Applicant's start / end
letter-execution-area = Accepted area
letter-execution-type = Record type
letter-execution-employer = Employer and phone

# ---- the applicant is told
notify-license-inquiries = 📨 The documents review of file { $code } is finished; the inquiries (disciplinary council, finance, execution works) are under way.
notify-license-scored = 🧮 The inquiries of file { $code } came back clear and its score is set.
notify-license-introduced = 📝 File { $code } was introduced to the organization's technical manager with total score { $total } for grade { $grade }.
notify-license-revised = 🔁 File { $code } went back to the organization's documents review; nothing is needed from you.
notify-license-sent = 📤 With the technical manager's approval, file { $code } was sent to the Roads and Urban Development office for the individual builder license, grade { $grade }.
notify-license-closed = 🎉 Your individual builder license was issued: no. { $number }, grade { $grade }, dated { $date }. File { $code } is closed.
form-license-grey = A project's grey part
f-grey-accepted = The project's state
f-accepted_area_m2 = Area accepted
f-accepted_record_type = Record type
f-own_start_date = The applicant's own start
f-own_end_date = The applicant's own end
form-license-amounts = Worksheet 5 — amounts accepted
f-assess-amount = Amount accepted, item { $n }
form-license-marks = Worksheet 6 — desirability marks
f-assess-mark = Mark of criterion { $n }
form-license-issued = The license issued
f-issued_number = License number
f-issued_date = Date of issue
f-issued_grade = License grade
inquiry-note-clear-standing = Finance office settlement certificate: clear — answered by the system: the applicant's dues are settled in this bot to the end of { $year }.
assess-accept-question = Does this project count in the professional record?
inquiry-clear-system = ✅ clear (answered by the system: the dues are settled in this bot)

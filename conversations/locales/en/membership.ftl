## The membership dialog, documents, statuses and the receipt.

contact-why = To start, your mobile number is confirmed through the messenger (instead of an SMS).
membership-complete = Your membership of the province organization is complete. Membership number: { $number }
membership-held = ✅ You became a member of the organization before this bot: the membership number you gave in your { $license } application is { $number }, and the experts check it against your membership card; you need not apply for membership again.
    • { $license }: file { $code }, { $status }
    • This bot does not work out the annual dues of a membership from before it; contact the organization's finance office for them.
file-not-editable = File { $code } is "{ $status }" and needs nothing from you now. You will hear the result here.
rules-title = 📜 Membership rules — { $org }
rules-default = 1. The information and documents you send must be correct and match the originals; you are responsible for them.
    2. Membership follows the Engineering and Building Control Law and its executive regulations.
    3. You will inform the organization when your address or phone number changes.
    4. After you send it, the organization's experts review your file; it may come back to your cartable to be completed.
confirm-province-rules = 📜 By submitting, you accept the rules of { $org } shown above.
btn-accept-rules = ✅ I have read and accept the rules
rules-accepted = ✅ Rules accepted.
rules-press-accept = You must accept the rules to go on: press "I have read and accept the rules".

degrees-title = 🎓 Education — add every university degree you hold:
degrees-empty = No degree yet. At least one is needed.
degree-line = { $n }. { $level } — { $field } — { $university } { $state }
degree-heading = Degree { $n }:
item-complete = ✅
item-incomplete = ⚠️ incomplete
btn-add-degree = ➕ Add a degree
btn-edit-item = ✏️ Edit { $n }
btn-remove-item = 🗑 Remove { $n }
degrees-incomplete = To go on you need at least one complete degree (with its certificate photo), and no incomplete ones.
family-title = 👪 Spouse and children (for welfare services; if there is nobody, press "Save and next"):
family-empty = Nobody added.
family-line = { $n }. { $relation }: { $name }
family-line-full = { $n }. { $relation }: { $name }, national code { $code }, born { $birth }
btn-add-person = ➕ Add spouse or child
family-incomplete = One person's details are incomplete; edit or remove them.

documents-title = 📎 Documents:
doc-status-line = { $status } { $label }
doc-status-received = ✅
doc-status-missing = ⬜
doc-of-degree = { $label } (degree { $n })
doc-national_card = National card
doc-birth_certificate = Birth certificate
doc-personal_photo = Personal photo
doc-degree_certificate = Degree certificate
doc-degree_verification = Education verification
doc-residence_proof = Proof of 6 months' residence in the province
doc-technician_non_membership = Certificate of non-membership in the technicians' organization
q-doc-national_card = Send both sides of your national card: two different photos (front and back), or one PDF with both.
    { $status }
q-doc-birth_certificate = Send a photo of the first page of your birth certificate.
    { $status }
q-doc-personal_photo = Send a personal photo (full face, light background).
    { $status }
q-doc-residence_proof = Send a proof of at least 6 months' residence in the requested province (your birth province differs from it; note 1 of article 6 of the law).
    { $status }
q-doc-technician_non_membership = Send the certificate that you are not a member of the province's technicians' organization (you hold an associate degree).
    { $status }
q-residence_proof_kind = Which document do you send as proof of residence?
f-residence_proof_kind = Residence proof type

confirm-title = ✅ Final check — please review everything carefully:
confirm-question = Are the information and documents correct? Once you confirm, the request goes to the organization for review and your identity can no longer be edited.
btn-confirm-submit = ✅ The information and documents are correct — submit
btn-edit-section = ✏️ { $section }
confirm-press-button = Please submit the request or edit a section with the buttons below.
cannot-submit-incomplete = The section "{ $section }" is not complete yet; please complete it.
submitted = ✅ Your membership request is registered and sent for review.
    Tracking code: { $code }
    Keep this code. You will hear the result here; see the status any time with /status.
receipt-caption = 🧾 The printable receipt of your request

no-open-file = No open file was found for this.
national-code-claimed = This national code cannot be continued from this account. If it is your own and you have used this bot before with another account or mobile number, continue from there, or contact the organization. If it was mistyped, send the right one.
identity-locked = Identity details cannot be edited after the first request is submitted.
identity-national-code-first = Please type the national code first.

kind-membership = Membership request
kind-builder_license = Individual builder license
status-draft = Draft (you are completing it)
status-submitted = Submitted, waiting for review
status-in_review = Being reviewed by an expert
status-returned = Returned to your cartable for corrections
status-approved = Approved
status-awaiting_payment = Waiting for the membership fee
status-member = Membership complete
status-rejected = Rejected
status-documents_review = Documents review
status-inquiries = Inquiries
status-scored = Scored
status-manager_approval = Waiting for the technical manager
status-sent_to_ministry = Sent to the Roads and Urban Development office
status-closed = Closed

receipt-title = Membership request receipt
receipt-tracking = Tracking code of your file; keep it
receipt-name = Full name
receipt-national-code = National code
receipt-province = Province
receipt-office = Suggested office
receipt-submitted = Submitted on
receipt-degrees = Degrees
receipt-documents = Documents uploaded
receipt-status = Status
receipt-status-value = Submitted, waiting for an expert's review
receipt-keep = Keep this receipt. You will hear the result of the review through the bot, and you can follow your file with its tracking code.

sheet-degree-intro = You can send this degree's facts in one message: copy the message above, write each value after its label and send it (one fact a line). Anything missing or not valid is asked again on its own, with the reason; the certificate's image is asked for after that.
sheet-member-intro = You can send this person's facts in one message: copy the message above, write each value after its label and send it (one fact a line). Anything missing or not valid is asked again on its own, with the reason.

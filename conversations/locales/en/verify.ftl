## Verifiable documents (issue 27): the code on every PDF, /verify in the bot, the public page.

verify-pdf-label = Verification code — scan the QR code or open the address below
verify-pdf-label-bot = Verification code — check it in the bot with the command below
verify-kind-receipt = Receipt of a { $application }
verify-kind-letter_disciplinary = Disciplinary council inquiry letter
verify-kind-letter_finance = Finance settlement certificate (builder license)
verify-kind-letter_execution = Execution works inquiry letter
verify-kind-settlement_certificate = Membership dues settlement certificate
verify-kind-dossier = Dossier sent to the Roads and Urban Development office (worksheets 1 and 7)
verify-kind-license_issued = Notice of an individual builder license issued
verify-organization = Issued by
verify-kind = Document
verify-number = Number
verify-issued = Issued on
verify-holder = Holder
verify-code = Verification code
verify-status = Status
verify-status-valid = ✅ Valid
verify-status-superseded = ⚠️ Superseded: a newer document of this kind was issued on { $date }
verify-status-revoked = ⛔ Revoked on { $date }
verify-title = 🔎 Document verification:
verify-ask = Send the document's verification code (the ten letters and digits at the bottom of the document, e.g. K7Q2M-X9D4T). /menu to go back.
verify-malformed = “{ $text }” is not a verification code: it is ten Latin letters and digits printed at the bottom of the document beside the QR code (e.g. K7Q2M-X9D4T).
verify-unknown = No document was issued with code { $code }. Compare it with the document again; if it is right, the document is not genuine.
verify-limited = You have checked too many codes this minute. Send it again in a minute.
verify-page-title = Document verification
verify-page-valid = This document was issued by { $organization }.
verify-page-unknown-title = Document not found
verify-page-unknown = No document was issued with this code. Compare it with the document again; if it is right, the document is not genuine.
verify-page-limited = Too many requests from you this minute; try again in a minute.
verify-page-note = This page shows only the document's kind, number, date and status; the holder's name is partly hidden for privacy. The same check is in the organization's bot: /verify.
verify-page-other-language = فارسی

## the license-issued notice, and revoking a license

license-notice-title = Notice of an individual builder license issued
license-notice-body = This is to state that the individual builder license of { $engineer } was issued by the Roads and Urban Development office as below.
license-notice-holder = License holder
license-notice-national-code = National code
license-notice-number = License number
license-notice-grade = Grade
license-notice-date = License date
license-notice-file = File tracking code
license-notice-check = Check this notice with the code at the bottom of the page; a license revoked shows "revoked" there.
license-notice-signature = Builders unit
license-notice-caption = 📄 Notice of the license issued (letter no. { $number })
btn-license-revoke = ⛔ Revoke the license
prompt-revoke = You are revoking the license of file { $code }: write the reason (the applicant is told).
revoke-recorded = ⛔ The license of file { $code } is revoked and the applicant was told; checking it now shows "revoked".
notify-license-revoked = ⛔ Individual builder license no. { $number } (file { $code }) was revoked. Reason: { $note }
status-revoked = License revoked
action-revoke = license revoked
cmd-verify = Check a document's verification code

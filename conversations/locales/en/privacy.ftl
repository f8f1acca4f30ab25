# /mydata: what the organization holds about the applicant, and deleting a draft (issue 28)
cmd-mydata = My data, delete a draft
mydata-caption = Everything we hold about you, in one file.
mydata-files-title = Your files:
mydata-draft-line = • { $code } — { $kind }: a draft; you may delete it.
mydata-kept-line = • { $code } — { $kind }: { $status }
mydata-submitted-why = A file you have submitted is part of the organization's records, and you cannot delete it. To correct or delete its data, contact { $org } (a representative office or the membership unit) with its tracking code.
mydata-nothing-to-delete = You have no draft to delete.
btn-mydata-delete = 🗑 Delete draft { $code }
btn-mydata-keep = ✅ Keep my draft
btn-mydata-delete-yes = 🗑 Yes, delete it
btn-mydata-delete-no = ↩️ No, keep it
mydata-delete-confirm = Delete draft { $code } ({ $kind }) with all its answers and documents? This cannot be undone.
mydata-deleted = Draft { $code } was deleted with its { $documents } documents and all its answers.
mydata-delete-kept = Draft { $code } was not deleted.
mydata-not-a-draft = File { $code } is no longer a draft; you cannot delete it.
mydata-draft-kept = Draft { $code } is kept. Continuing where you left off:

# the PDF
mydata-title = Your data held by { $org }
mydata-intro = Made on { $date }, this file shows everything the bot holds about you: your messenger account, your identity, and each of your files with its answers, its documents and its history.
mydata-account = Messenger account
mydata-messenger = Messenger
mydata-messenger-telegram = Telegram
mydata-messenger-bale = Bale
mydata-account-id = Account id
mydata-language = Language
mydata-language-fa = Persian
mydata-language-en = English
mydata-mobile = Verified mobile
mydata-rules = Rules accepted
mydata-attempts = Attempts by other accounts to use your national code
mydata-identity = Identity
mydata-no-identity = No identity of yours is recorded.
mydata-file = File { $code } — { $kind }
mydata-status = Status
mydata-created = Created
mydata-submitted = Submitted
mydata-updated = Last change
mydata-office = Representative office
mydata-documents-deleted = Documents deleted under the retention policy
mydata-answers = Answers
mydata-documents = Documents
mydata-documents-none = No document received.
mydata-col-document = Document
mydata-col-type = Type
mydata-col-received = Received
mydata-col-state = State
mydata-type-photo = photo
mydata-type-pdf = PDF
mydata-state-current = current
mydata-state-replaced = replaced on { $date }
mydata-doc-payment_slip = payment slip
mydata-doc-inquiry_reply = inquiry reply
mydata-history = History of the file
mydata-history-none = The history is shown from the end of the first expert review on (as in your cartable); nothing yet.
mydata-col-date = Date
mydata-col-by = By
mydata-col-what = What
mydata-history-office = representative office set: { $office }
mydata-history-slip = payment slip sent
mydata-history-slip-refused = payment slip not accepted
mydata-history-slip-accepted = payment slip accepted
mydata-closing = You can delete a draft yourself with /mydata. A draft left untouched for months is deleted, after a notice 14 days before. A submitted file is part of the organization's records; for it, contact { $org }.

# retention (a message of the bot's own, 14 days before a draft is deleted)
retention-notice = ⏳ Your { $kind } draft (code { $code }) has not been touched since { $since } and will be deleted on { $date } with all its answers and documents.
    To keep it, answer any of its questions or press "Keep my draft". /mydata shows everything we hold about you.

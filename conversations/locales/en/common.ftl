## Shared words, buttons and the form engine's texts.

yes = Yes
no = No
btn-back = « Back
btn-skip = Skip
btn-cancel = ✖️ Cancel
btn-menu = 🏠 Main menu
btn-accept = ✅ I accept
btn-prev-page = ‹ Previous
btn-next-page = Next ›
page-of = Page { $page } of { $pages }
btn-edit = ✏️ { $label }
btn-save-next = 💾 Save and next
btn-confirm-continue = ✅ Confirm and continue
btn-save-degree = 💾 Save this degree
btn-save-person = 💾 Save this person
btn-share-contact = 📱 Share my mobile number

question-progress = { $form } — question { $n } of { $total }
current-value = Current value: { $value }
or-cancel = Or cancel:
value-skipped = (skipped)
document-received = ✅ received
summary-title = 📋 { $form }
summary-line = • { $label }: { $value }
answered = { $question }: { $value } ✔️
contact-received = ✅ Your mobile number is confirmed.
cancelled-saved = Your answers are saved. Continue any time with the "Continue …" button of the main menu.
stale-button = This button is no longer valid.
position-moved = Your file has changed in the meantime; let us continue from where you are now:
edit-not-read = Edits of sent messages are not read: the earlier answer stands as it was. To change an answer, send it as a new message, or press “edit” on the summary.
cannot-skip = This question is required and cannot be skipped.
use-summary-buttons = Please use one of the buttons under the summary to go on.
use-list-buttons = Please use one of the buttons of the list to go on.

expect-text = Please type your answer as text.
expect-date = Please type the date as text, e.g. 1370/06/31.
expect-choice = Please press one of the buttons.
expect-yes_no = Please press "Yes" or "No".
expect-confirm = Please press "I accept".
expect-contact = Please send your own number with the "Share my mobile number" button below.
expect-photo = Please send the photo (as a photo or an image file).
expect-document = Please send the document as a photo, an image file or a PDF.
expect-button = That is not one of the options; please press one of the buttons.
choice-type-hint = Instead of finding its button, you can type the name (part of it is enough).
choice-did-you-mean = «{ $typed }» fits several options; which one do you mean?
choice-type-more = «{ $typed }» is part of too many names; type more of it or press one of the buttons.
choice-not-found = «{ $typed }» matches none of the options; type the name (part of it is enough) or press one of the buttons.
command-in-question = I am waiting for the answer to this question. Send /menu to go to the menu.
contact-not-yours = This number is not your account's. Only your own mobile number is accepted: press "Share my mobile number".
unexpected-sticker = I cannot take a sticker as an answer. { $expected }
unexpected-voice = I cannot take a voice or video message as an answer. { $expected }
unexpected-file = No file is needed here. { $expected }
unexpected-contact = No contact is needed here. { $expected }
unexpected-input = I cannot take this kind of message as an answer. { $expected }

file-not-an-image = This file is not a readable image. Please send a clear photo of the document.
file-not-pdf = This is not a valid PDF file.
pdf-damaged = This PDF is damaged and cannot be opened; please make the PDF again from the document, or send a photo of it.
pdf-password = This PDF is protected by a password and cannot be opened; please send a copy without a password, or a photo of the document.
file-wrong-type = Only photos, image files (JPG/PNG) or PDFs are accepted.
expect-photo-not-pdf = Please send a photo here; a PDF is not accepted for this one.
file-too-large = The file is larger than { $max_mb } MB; please send a smaller one.
image-too-small = The picture is too small (at least { $min_width }×{ $min_height } pixels). Please send a larger, clearer photo.
image-too-many-pixels = The picture's dimensions are abnormally large; please send an ordinary photo of the document.

error-generic = Sorry, something went wrong. Your answers are safe; please try again or send /menu.
error-unavailable = The service is temporarily unavailable. The answers you have given so far are saved; please send again in a few minutes.

documents-received = ✅ { $n } files received
files-received = { $n } file(s) received so far (at least { $least }). Send the next page or press "Done". One PDF may hold every page.
btn-files-done = ✅ Done ({ $n } files)
btn-files-restart = 🗑 Start over
btn-gate-yes = ✅ Yes
btn-gate-no = ✖️ No
gate-press-button = Please press "Yes" or "No".

## Groups: only staff work there.
group-use-private = Please write to the bot in a private chat with @{ $bot }; in a group only the staff's commands and buttons are answered.
sides-received = { $n } of the card's { $least } sides received; now send the other side (a different photo).
sides-same-image = This is the same image you sent for the first side; a card's two sides are two different images. Send the other side.

# a sheet: several questions answered in one message (issue 29)
btn-one-by-one = Ask one at a time
sheet-line = { $label }:
sheet-choices = "{ $label }" is one of: { $options }
sheet-or-one = Or, if you prefer one at a time, press "Ask one at a time" or answer the first question: { $question }
sheet-taken = { $n ->
    [one] One fact saved.
   *[other] { $n } facts saved.
}
sheet-refused = "{ $label }" not saved: { $reason }
sheet-unknown-line = This line was not recognised (write its label as in the form): "{ $line }"
answered-for-you = "{ $question }": { $value } — the only option there is, so it was answered for you; you can change it before the final submission.

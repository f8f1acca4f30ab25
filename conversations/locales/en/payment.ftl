## A fee an application asks for (the membership fee after approval, annual dues): invoice or payment slip.

notify-approved-invoice = ✅ File { $code } is approved. Membership fee: { $fee } rials.
    The invoice is in the next message; once you pay, your membership is complete at once.
notify-approved-slip = ✅ File { $code } is approved. Membership fee: { $fee } rials.
    Please pay it into account { $account }, then send a photo of the payment slip with the button below. Once the finance office confirms it, your membership is complete and you will be told.
pay-slip-how = File { $code } — membership fee: { $fee } rials.
    Pay it into account { $account } and send a photo of the payment slip with the button below.
btn-send-slip = 📎 Send the payment slip for { $code }
btn-pay = 💳 Pay the membership fee for { $code }
invoice-title = Engineering membership fee
invoice-description = Membership fee for file { $code } — { $org }
invoice-label = Membership fee
pay-send-slip = Send the payment slip for file { $code } as a photo or a file (image or PDF). To cancel, send /menu.
pay-slip-received = 🧾 The payment slip for file { $code } was received and passed to the finance office. You will be told what they decide.
pay-not-awaited = This file is not awaiting payment.
pay-amount-changed = The amount of this invoice differs from the file's fee; press "Pay" in your cartable again.
pay-received-check = Your payment was received, but this file was not awaiting payment; the finance office will check it and contact you.
pay-pending = ⏳ The payment for file { $code } was received and is waiting for the wallet's confirmation. As soon as it is confirmed, your membership is complete and you will be told; there is no need to pay again.
pay-failed = ❌ The wallet did not confirm the payment for file { $code }, so the membership was not recorded. If money left your account, the wallet returns it. You can press "Pay" in your cartable again.
btn-staff-refuse-slip = ✖️ Slip not accepted
prompt-refuse-slip = File { $code }: why is this slip not accepted? Write the reason (the applicant reads it and sends another slip).
notify-slip-refused = ✖️ The finance office did not accept the payment slip for file { $code }:
    “{ $reason }”
    Pay { $fee } rials into account { $account } and send the new slip with the button below.
action-refuse_payment = Slip not accepted
btn-staff-slip-accepted = ✅ Slip accepted
notify-slip-accepted = ✅ The payment slip of file { $code } ({ $fee } rials) was accepted by finance.
slip-already-accepted = This file's slip was accepted already; nothing changed.
slip-refused-awaiting = This file's slip was refused and the applicant has not sent a new one yet; nothing changed.

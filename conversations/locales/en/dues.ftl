## Annual membership dues and the settlement certificate (حق عضویت سالانه و گواهی تسویه حساب).

menu-dues = 💳 Annual membership dues
menu-dues-continue = 💳 Continue paying annual dues
menu-dues-done = ✅ Annual dues settled
kind-dues = Annual membership dues
desk-kind-dues = dues
status-settled = Settled; certificate issued
dues-gate-refused = Annual dues are the members' own, and the first year of a membership is the fee paid on joining. Complete the membership application in this bot first.
btn-dues-gate-membership = 📝 Start the membership application
dues-complete = Your membership dues are settled to the end of { $year }: nothing is owed. Your settlement certificate was sent to you.
form-dues = Annual membership dues
q-dues-confirm = The dues of these years are not paid (the first year of your membership was paid with the membership fee):
    { $years }
    Total: { $total } rials.
    Do you pay them? Once the finance office confirms the payment, the settlement certificate is sent to you.
f-dues-confirm = Paying the dues
dues-year-line = • { $year }: { $fee } rials
dues-summary = Years: { $years }
    Total: { $total } rials
dues-nothing-owed = Your dues are settled to the end of this year; there is nothing to pay.
dues-unpriced = The organization has not set the dues of { $years } yet; you can pay once it has.
dues-confirm-question = Are the years and the amount above right? Once you confirm, you are told the amount and how to pay.
btn-dues-submit = ✅ Right; pay the dues
dues-submitted = ✅ Your annual dues file is recorded.
    Tracking code: { $code }
    The next message has the amount and how to pay it.
dues-receipt-caption = 🧾 Annual dues payment order
dues-receipt-title = Annual membership dues — payment order
dues-receipt-number = Membership number
dues-receipt-years = Years
dues-receipt-amount = Amount
dues-receipt-status = Awaiting payment
dues-receipt-keep = Once you pay and the finance office confirms it, the settlement certificate is sent to you in this bot.
dues-rials = { $amount } rials
notify-dues-invoice = 💳 Annual membership dues (file { $code }): { $fee } rials.
    The invoice is in the next message; once you pay, the settlement certificate is sent to you.
notify-dues-slip = 💳 Annual membership dues (file { $code }): { $fee } rials.
    Please pay it into account { $account } and send a photo of the payment slip with the button below. Once the finance office confirms it, the settlement certificate is sent to you.
notify-dues-settled = 🎉 Your payment is confirmed: your membership dues are settled to the end of { $year }. Settlement certificate no. { $number } is in the next message.
dues-certificate-caption = 📄 Settlement certificate no. { $number }
dues-certificate-paid = The dues of { $first } to { $last }, { $amount } rials, were paid with file { $code }.
dues-certificate-code = File tracking code
invoice-title-dues = Annual membership dues
staff-dues-new = 💳 Annual dues file
staff-dues-file = Tracking code: { $code }
    Member: { $name }, membership number { $number }
    Years: { $years }
    Amount: { $fee } rials

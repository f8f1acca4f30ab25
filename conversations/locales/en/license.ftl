## The builder-license application: worksheets 1–5, documents, the preliminary score, the
## receipt and the staff card.

menu-license = 🏗 Builder license application
menu-license-continue = 🏗 Continue builder license application
menu-license-done = ✅ My builder license
license-complete = Your builder license file is closed. See your cartable for its history.
license-gate-question = 🏗 The individual builder license is for members of the organization who hold a valid engineering license with execution competence.
    Are you a member of the Construction Engineering Organization, with a membership number?
license-gate-refused = To apply for a builder license you must first be a member of the organization. Start the membership application here in the bot; once you are a member, worksheet 1 is filled in from your membership file.
btn-license-gate-membership = 📝 Start the membership application
license-prefilled = Worksheet 1 was filled in from your membership file. Check it and correct whatever has changed.
license-no-competence = Without "execution competence" printed on your engineering license you cannot apply for a builder license. Have it added at the Roads and Urban Development office first.

form-license-application = Worksheet 1 — builder license application
form-license-declaration = Worksheet 2 — self-declaration
form-license-license = Worksheet 3 — engineering license
form-license-record = Worksheet 4 — professional record
form-license-project = Project
form-license-finance = Worksheet 5 — financial capability
form-license-documents = Required documents

q-membership_number = Type your individual membership number in the organization.
f-membership_number = Membership number
q-membership_province = Which province's organization are you a member of? Your file goes to its staff.
f-membership_province = Province of membership
q-license-field = Choose your field among the seven building fields.
q-degree_level = Choose your degree (the highest level).
f-degree_level = Degree
q-license_number = Type your engineering license number.
f-license_number = Engineering license number
q-license_valid_until = Type the license's validity date in the Solar Hijri calendar (e.g. 1406/05/31).
f-license_valid_until = License valid until
q-home_address = Type your home address.
f-home_address = Home address
q-office_address = Type your office address (you may end it with its 10-digit postal code).
f-office_address = Office address
q-license-postal_code = Type the 10-digit postal code.
f-postal_code = Postal code
q-landline = Type your landline with its area code (e.g. 03833334455).
f-landline = Landline
q-mobile_phone = Type your mobile number.
f-mobile_phone = Mobile
q-email = Type your e-mail address (optional).
f-email = E-mail

q-full_time_declaration = Self-declaration of the applicant { $name }: "I, applying for an individual builder license, declare that I work full time in construction execution and have no other full-time or obligatory job. Should I act against this declaration, the Ministry of Roads and Urban Development may act under the Engineering and Building Control Law."
f-full_time_declaration = Full-time execution declaration
q-employment = What is your current employment status?
f-employment = Employment status
q-employer_company = Type the name of the company you work for.
f-employer_company = Company
q-employment_detail = Describe your employment status briefly.
f-employment_detail = Employment details
q-ldoc-employment_proof = Send the proof of your employment status (insurance record or letter): photos or a PDF.

q-license_kind = Which kind of engineering license do you hold?
f-license_kind = License kind
q-license_grade = The license's grade?
f-license_grade = License grade
license-grade = grade { $grade }
q-execution_competence = Is "execution competence" printed on your engineering license?
f-execution_competence = Execution competence printed
q-ldoc-license_card = Send both sides of your engineering license: two different photos (front and back), or one PDF with both.

f-projects = Projects
projects-title = 🏗 Worksheet 4 — your execution record (at least one project; the grey part is the organization's):
projects-empty = No project yet.
project-line = { $n }. { $name } — { $area } — { $type } { $state }
project-heading = Project { $n }:
btn-add-project = ➕ Add a project
btn-save-project = 💾 Save this project
projects-incomplete = At least one complete project (with its document) is needed, and no project may be incomplete.
q-project-name = Type the project's name.
f-project-name = Project
q-project-province = Where was it built: the province?
f-project-province = Province
q-project-city = Where was it built: the city?
f-city = City
q-start_date = The project's start date (Solar Hijri, e.g. 1398/02/15)?
f-start_date = Start
q-end_date = The project's end date (Solar Hijri)?
f-end_date = End
q-area_m2 = Built area (square metres)?
f-area_m2 = Built area
area-m2 = { $area } m²
q-floors = Number of floors?
f-floors = Floors
q-record_type = Your role on this project's site (the kind of record)?
f-record_type = Role on site
q-employer_name = The employer's name?
f-employer_name = Employer
q-employer_phone = The employer's phone (landline with area code, or mobile)?
f-employer_phone = Employer's phone
q-ldoc-project_evidence = Send this record's document: the contract, the insurance record or the company's letter (photos of its pages, or one PDF).

q-finance-amount = "{ $item }": type the amount in billion rials (e.g. 2.5, or 0 if none).
q-finance-evidence = Send the document of "{ $item }" (photos of its pages, or one PDF).
amount-billion-rials = { $amount } billion rials
q-ldoc-finance_note = If you own or officially lease an office with its equipment, or have a bank letter of good standing and turnover, send it (optional).

q-ldoc-birth_certificate = Send every page of your birth certificate: several photos one after another, or one PDF.
q-ldoc-national_card = Send both sides of your national card: two different photos (front and back), or one PDF with both.
q-ldoc-membership_card = Send both sides of your membership card (valid to the end of the current year): two different photos (front and back), or one PDF with both.
q-ldoc-personal_photos = Send two 3×4 colour photos.
q-ldoc-fee_slip = Send the slip of the { $fee } rials review fee paid to account { $account }.
q-ldoc-settlement_letter = If you already have the finance office's settlement letter, send it (optional; otherwise the organization issues it).

license-preliminary-title = 📊 Preliminary score — an estimate from your own figures
license-preliminary-subtotal = Worksheets 3 to 5: { $points }
license-preliminary-bands = Worksheet 6 (desirability) is the organization's, from your documents:
license-band-grade = • with { $points } desirability points: { $total } → grade { $grade }
license-band-next = ; grade { $grade } needs { $needs }
license-band-no-grade = • with { $points } desirability points: { $total } → below the { $minimum } { $minimum ->
        [one] point
       *[other] points
    } of grade 3
license-band-not-eligible = • with { $points } desirability points: { $total } → not eligible (minimums)
license-floor-unmet = ⚠️ Worksheet { $worksheet } is under its { $floor }-point minimum: not eligible as it stands.
license-preliminary-note = This score is an estimate: after reviewing your documents the organization confirms or corrects your record and finances and sets the final score and grade.
license-rules-own = 📐 Scored by the license rules of { $org } (its own worksheet factors, limits and grade minimums).
license-preliminary-unavailable = The preliminary score cannot be computed yet: complete worksheets 3 to 5.
license-confirm-question = Are the worksheets and documents correct? On confirming, the application is sent to the organization for review.
btn-license-submit = ✅ Correct; send the license application
license-submitted = ✅ Your builder license application was recorded and sent for review.
    Tracking code: { $code }
    Keep this code. You will be told of the result here; see the status any time with /status.

staff-license-new = 📥 New builder license application
staff-license-file = 🏗 Builder license — tracking code: { $code }
    Applicant: { $name }, membership number { $number } ({ $known })
    Engineering license: { $kind }, { $grade }
    Record: { $projects } project(s), { $area } in all
    Finances declared: { $finance }
    Documents: { $documents } files
staff-license-known = made a member by the bot
staff-license-unknown = a member from before the bot; membership card attached
staff-license-score = Preliminary score (the applicant's figures): worksheet 3: { $ws3 }, worksheet 4: { $ws4 }, worksheet 5: { $ws5 }; subtotal { $subtotal }

receipt-license-ministry = Ministry of Roads and Urban Development — Engineering and Building Execution office
receipt-license-title = Application for an individual builder license (worksheet 1)
receipt-license-tracking = Tracking code; submitted on { $date }
receipt-license-intro = I, with the particulars below:
f-license-full_name = Full name
receipt-license-birth_year = Year of birth
receipt-license-directive = Under the directive attached to letter no. 5616/100/02 of 1387/11/02 of the Roads and Urban Development office (on how housing builders work), I apply for a permit to work as an individual builder.
receipt-license-signature = Date, signature and engineering license stamp
receipt-license-reviewer-title = Documents reviewer's approval:
receipt-license-reviewer = The documents are complete; introduced for the builder license of grade .....
receipt-license-reviewer-sign = Head of the builders unit — signature and date
receipt-license-manager-title = Technical manager's approval:
receipt-license-manager = The documents are complete; sent to the Roads and Urban Development office for the builder license of grade .....
receipt-license-manager-sign = President of the organization — signature and date
receipt-license-ws2 = Worksheet 2 — self-declaration
receipt-license-ws3 = Worksheet 3 — engineering license
receipt-license-ws4 = Worksheet 4 — professional record
receipt-license-ws4-intro = Engineer { $name } submits the execution record below ({ $area } square metres in all) with the attached documents. (The grey columns are the organization's.)
receipt-license-ws4-certify = I certify the above and accept full responsibility for any discrepancy. Applicant: { $name }
receipt-ws4-n = No.
receipt-ws4-name = Project
receipt-ws4-place = Province / city
receipt-ws4-dates = Project start / end
receipt-ws4-area = Area (m²) / floors
receipt-ws4-role = Role on site
receipt-ws4-employer = Employer and phone
receipt-ws4-own-dates = Own start / end in the project
receipt-ws4-factors = Desirability / total factor
receipt-ws4-attachment = Attachment no.
receipt-license-ws5 = Worksheet 5 — financial capability (self-declaration of assets)
receipt-license-ws5-intro = Engineer { $name } declares these assets and this financial capability, applying for an individual builder license.
receipt-ws5-n = No.
receipt-ws5-item = Item
receipt-ws5-amount = Billion rials
receipt-ws5-factor = Factor
receipt-ws5-points = Points (estimate)
receipt-ws5-verified = Organization's check
receipt-license-score = Preliminary score (estimate)

license-rules-title = 📜 The builder license applicant's self-declaration — { $org }
license-rules-text = "I, { $name }, applying for an individual builder license, declare that I work full time in construction execution and have no other full-time or obligatory job. Should I act against this declaration, the Ministry of Roads and Urban Development may act under the Engineering and Building Control Law."

    This self-declaration is worksheet 2 of your file; accepting it starts the license's questions.
btn-accept-declaration = ✅ I accept this self-declaration
license-rules-accepted = ✅ Self-declaration accepted.
license-preliminary-worksheet = — worksheet { $worksheet } total: { $points } points
license-band-next-unreachable = ; grade { $grade } ({ $needs } points) is unreachable under the current tables: the highest possible total is { $max_total }

sheet-project-intro = You can send this project's facts in one message: copy the message above, write each value after its label and send it (one fact a line; Persian or Latin digits alike). Anything missing or not valid is asked again on its own, with the reason; the project's document is asked for after that.

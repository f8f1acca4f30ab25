## Forms: titles, questions (q-*) and summary labels (f-*).

form-contact = Mobile number
form-identity = Identity
form-personal = Personal details
form-education = Education
form-family = Spouse and children
form-degree = Degree
form-family-member = Spouse and children
form-documents = Documents

q-mobile = Your mobile number must be your own. Press "📱 Share my mobile number" at the bottom of the screen.
f-mobile = Mobile number

q-national_code = Type your 10-digit national code.
f-national_code = National code
q-first_name = Type your first name as on your national card.
f-first_name = First name
q-last_name = Type your last name as on your national card.
f-last_name = Last name
q-father_name = Type your father's name.
f-father_name = Father's name
q-birth_certificate_number = Type your birth certificate number.
f-birth_certificate_number = Birth certificate number
q-birth_date = Type your birth date in the Solar Hijri calendar (e.g. 1370/06/31).
f-birth_date = Birth date
q-gender = Choose your gender.
f-gender = Gender

q-province = Choose the province whose organization you apply to.
f-province = Province of membership
q-office = Choose a representative office. This is a suggestion: the admissions expert may change it by the province's approved criteria.
f-office = Suggested office
office-no-preference = No preference (the organization decides)
q-birth_province = Choose your province of birth. { $suggestions ->
    [0] { "" }
   *[other] The starred option(s) are suggested from your national code; choose another province if that is wrong.
}
f-birth_province = Province of birth
suggested = ⭐ { $label }
q-residence_address = Type your full residence address (you may end it with its 10-digit postal code).
f-residence_address = Residence address
q-residence_postal_code = Type the 10-digit postal code of your residence.
f-residence_postal_code = Residence postal code
q-work_address = Type your full work address (you may end it with its 10-digit postal code).
f-work_address = Work address
q-work_postal_code = Type the 10-digit postal code of your workplace.
f-work_postal_code = Work postal code
q-legal_domicile = Which address is your legal domicile (for official correspondence)?
f-legal_domicile = Legal domicile
q-domicile_address = Type the full address of your new legal domicile (you may end it with its 10-digit postal code).
f-domicile_address = Legal domicile address
q-domicile_postal_code = Type the 10-digit postal code of your legal domicile.
f-domicile_postal_code = Legal domicile postal code
q-prior_membership = Have you been a member of another province's organization?
f-prior_membership = Membership in another province
q-prior_membership_province = Which province's organization?
f-prior_membership_province = Previous membership province
q-prior_membership_number = Type your previous membership number.
f-prior_membership_number = Previous membership number
q-other_license = Do you hold an engineering license issued by another province's Roads and Urban Development office?
f-other_license = License from another province
q-other_license_province = Which province issued it?
f-other_license_province = License province
q-other_license_number = Type the license number.
f-other_license_number = License number
q-insurance = Are you insured (social security, medical services or armed forces)?
f-insurance = Insurance
q-insurance_type = Choose the insurance.
f-insurance_type = Insurance type
q-insurance_number = Type your insurance number.
f-insurance_number = Insurance number
q-technician_commitment = Commitment: "I am not a member of the technicians' organization (نظام کاردانی)." You must accept it to go on.
f-technician_commitment = Not a member of the technicians' organization

f-degrees = Degrees
f-people = Spouse and children

q-level = Choose the level of this degree.
f-level = Level
q-field = Choose the field among the seven building disciplines.
f-field = Field
q-specialization = Type the specialization exactly as written on the certificate.
f-specialization = Specialization
q-university = Type the university's name.
f-university = University
q-graduation_date = Type the graduation date in the Solar Hijri calendar (e.g. 1392/04/10).
f-graduation_date = Graduation date
q-code_kind = Does your certificate carry an inquiry code? If not, you need an education verification, and you type its code.
f-code_kind = Code type
q-code = Type the inquiry code (or the verification's code).
f-code = Inquiry / verification code
q-verification_photo = Send the education verification (photo or PDF).
f-verification_photo = Education verification
q-certificate_photo = Send the degree certificate (photo or PDF). This is required.
f-certificate_photo = Degree certificate

q-relation = How is this person related to you?
f-relation = Relation
q-member-first_name = Type this person's first name.
q-member-last_name = Type this person's last name.
q-member-national_code = Type this person's national code.
q-member-birth_date = Type this person's birth date in the Solar Hijri calendar.

## Messages of the pure core (scoring/): validation errors and score explanations.
## Every InvalidInput key raised by scoring/ has a message here and in ../fa/core.ftl.

invalid-national-code-digits = A national code has digits only.
invalid-national-code-length = A national code has exactly 10 digits; you typed { $length }. Tehran codes start with 00: type the leading zeros too.
invalid-national-code-repeated = A national code cannot be one digit repeated.
invalid-national-code-middle = This is not a valid national code (digits 4 to 9 cannot all be zero).
invalid-national-code-checksum = The check digit of this national code is wrong; please read the code again from your national card.
invalid-mobile = This is not a valid mobile number. Example: 09123456789
invalid-landline = Type the landline number with its area code. Example: 03833334455
invalid-postal-code-length = A postal code has 10 digits.
invalid-postal-code-pattern = This is not a valid postal code (the digits 0 and 2 never appear in its first five).
invalid-email = This is not a valid e-mail address. Example: name@example.com
invalid-text-empty = This answer cannot be empty.
invalid-text-too-long = This answer is too long (at most { $max } characters).
invalid-name = A name can contain letters only.
invalid-identifier = This number can contain letters, digits, / and - only (at most { $max } characters).
invalid-birth-certificate-digits = A birth certificate number is digits only (no letters, / or -); leave out the serial printed beside it.
invalid-birth-certificate-length = A birth certificate number has at most { $max } digits; { $length } were typed.
invalid-date-format = Type the date as Solar Hijri year/month/day. Example: 1370/06/31
invalid-date-nonexistent = This day does not exist in the calendar (30 Esfand exists only in a leap year).
invalid-date-future = This date cannot be in the future.
invalid-birth-date-too-young = The applicant must be at least { $min } years old; please check the birth date.
invalid-birth-date-too-old = This birth date is more than { $max } years ago; please check it.
invalid-graduation-before-birth = The graduation date must be after the birth date.

input-not-object = { $field }: must be a JSON object.
input-missing = { $field }: this field is required and missing.
input-not-number = { $field }: must be a number.
input-not-integer = { $field }: must be a whole number.
input-below-minimum = { $field }: cannot be less than { $min }.
input-out-of-range = { $field }: must be between { $min } and { $max }.
input-unknown-choice = { $field }: not a known value; allowed: { $options }
input-not-list = { $field }: must be a list.
input-wrong-count = { $field }: must have exactly { $count } values.

score-ws3 = Worksheet 3: { $kind_en }, grade { $grade } → { $points } { $points ->
        [one] point
       *[other] points
    }
score-ws4-credited = Worksheet 4: project { $n }: { $area } m² × desirability factor { $desirability } × total factor { $total } = { $credited } m² credited
score-ws4-row = Worksheet 4: { $type_en }: { $area } m² × { $factor } / { $unit } = { $points } { $points ->
        [one] point
       *[other] points
    }
score-ws5-row = Worksheet 5: { $item_en }: { $amount } billion rials × { $factor } = { $points } { $points ->
        [one] point
       *[other] points
    }
score-ws6 = Worksheet 6: marks { $marks } = { $sum } → { $points } { $points ->
        [one] point
       *[other] points
    }
score-capped = Worksheet { $worksheet }: { $raw } { $raw ->
        [one] point
       *[other] points
    } capped at the maximum of { $maximum }.
score-below-floor = Worksheet { $worksheet }: { $points } { $points ->
        [one] point
       *[other] points
    } is below the minimum of { $floor }.
score-raised-to-floor = Worksheet { $worksheet }: { $raw } { $raw ->
        [one] point
       *[other] points
    } raised to the minimum of { $floor }.
score-not-eligible = Total { $total }; worksheet(s) { $worksheets } below the minimum, so the request is not eligible for any grade.
score-no-grade = Total { $total } is below the { $minimum } { $minimum ->
        [one] point
       *[other] points
    } needed for grade 3.
score-grade = Total { $total } → grade { $grade }

rules-band-unreachable = Worksheet 6: the band "{ $start } and more" ({ $points } { $points ->
        [one] point
       *[other] points
    }) can never happen: the marks sum to { $max_marks } at most.
rules-maximum-unreachable = Worksheet { $worksheet }: the maximum of { $maximum } { $maximum ->
        [one] point
       *[other] points
    } is unreachable; it tops out at { $reachable }.
rules-floor-unreachable = Worksheet { $worksheet }: the minimum of { $floor } { $floor ->
        [one] point
       *[other] points
    } is above what the worksheet can give.
rules-grade-unreachable = Grade { $grade } (at least { $minimum } { $minimum ->
        [one] point
       *[other] points
    }) is unreachable: the total tops out at { $max_total }.
rules-report-worksheet = Worksheet { $worksheet } ({ $title }): at most { $maximum } { $maximum ->
        [one] point
       *[other] points
    }
rules-report-total = Maximum total: { $total }
rules-report-grades = Reachable grades: { $grades }
rules-report-no-grades = No grade is reachable.

invalid-phone = Type a landline with its area code or a mobile number. Example: 03833334455
invalid-number-format = Type a number, e.g. 1.5 or ۱٫۵ (the decimal mark may be . ٫ or /).
invalid-number-negative = This number cannot be negative.
invalid-number-too-precise = At most { $places } digits after the decimal mark.
invalid-number-too-large = This number is too large (at most { $max }).
invalid-area-zero = The built area must be more than 0 square metres.
invalid-floors = Type the number of floors as a whole number from 1 to { $max }.
invalid-license-expired = This license expired on { $date }: a builder license needs a valid engineering license. Renew it at the Roads and Urban Development office first.
invalid-project-end-before-start = The end of the project cannot be before its start ({ $start }).
invalid-accepted-above-claimed = The accepted figure cannot be more than the one claimed ({ $claimed }).
invalid-own-date-outside-project = The applicant's own dates in the project must lie between its start ({ $start }) and end ({ $end }).
invalid-factor-out-of-range = The { $factor_en } must be a number from { $min_en } to { $max_en } (the values the scoring rules allow).
invalid-issued-before-submission = The license's issue date ({ $date_en }) cannot be before the file was submitted ({ $submitted_en }): the license is issued on this file. Type the issue date from the license again.

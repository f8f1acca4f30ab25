## For the organization's operator and admins: the start-up notice to admins, the export's columns.

operator-offices-none = ⚠️ No active representative office is registered: at the office question applicants only see “{ office-no-preference }”.
    Import the offices on the server: nezam-bot offices import FILE.csv
operator-offices-missing = ⚠️ These { $n } provinces have no active representative office; their applicants only see “{ office-no-preference }”:
    { $provinces }
    Import the offices on the server: nezam-bot offices import FILE.csv

export-tracking-code = Tracking code
export-kind = Kind
export-status = Status
export-province = Province
export-office = Representative office
export-submitted = Submitted
export-decided = Decided
export-worksheet = Worksheet { $n }: { $title }
export-total = Total points
export-grade = Grade
export-first-name = First name
export-last-name = Last name
export-national-code = National code
export-mobile = Mobile
export-sheet = Cases

## For the organization's operator and admins: the start-up notice to admins, the export's columns.

operator-offices-none = ⚠️ No active representative office is registered: at the office question applicants only see “{ office-no-preference }”.
    Import them here with /offices import (send the CSV file), or on the server: nezam-bot offices import FILE.csv
operator-offices-missing = ⚠️ These { $n } provinces have no active representative office; their applicants only see “{ office-no-preference }”:
    { $provinces }
    Import them here with /offices import (send the CSV file), or on the server: nezam-bot offices import FILE.csv

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
export-jalali = Jalali
export-sheet = Cases

## The offices file (nezam-bot offices import, /offices import): why a line cannot be imported.
offices-csv-line = line { $line }: { $reason }
offices-csv-not-utf8 = not UTF-8 text (save the file as “CSV UTF-8”)
offices-csv-header = the header must be { $columns } (comma-separated), not “{ $found }”
offices-csv-empty = the file is empty; the first line must be { $columns }
offices-csv-province-empty = province is empty
offices-csv-province-unknown = unknown province “{ $value }” (an ISO code IR-00…IR-30 or the Persian name)
offices-csv-name-empty = name is empty
offices-csv-name-long = name is longer than { $max } characters
offices-csv-city-long = city is longer than { $max } characters
offices-csv-active = active must be 1 or 0 (or empty for 1), not “{ $value }”
offices-csv-columns = { $values } values but { $columns } columns (a name with a comma must be in double quotes)
offices-csv-duplicate = the same office (province and name) as line { $first }
offices-csv-not-csv = not readable as CSV: { $error }
offices-csv-no-offices = no offices after the header

## /offices in the admins' private chat.
offices-summary = 🏢 Representative offices: { $total }, { $active } active.
offices-all-covered = Every province has an active office.
offices-missing = Provinces with no active office ({ $n }): { $provinces }
offices-help = • Press a province below for its offices, to deactivate or activate them; or /offices IR-14 (a code or the Persian name)
    • Add one: /offices add IR-14 | office name | city
    • Import the offices file (CSV: province,name,city,active): /offices import
offices-none-yet = No office has been recorded yet.
btn-offices-province = { $province } ({ $n })
offices-of-province = 🏢 Offices of { $province }:
offices-line = • #{ $id } { $name }{ $city } — { $active ->
        [yes] active
       *[no] inactive
    }
offices-province-empty = { $province } has no office yet. Add one: /offices add { $code } | office name | city
btn-office-off = ⛔ Deactivate #{ $id }
btn-office-on = ✅ Activate #{ $id }
offices-unknown-province = “{ $value }” is not a province: an ISO code (IR-00 … IR-30) or the Persian name.
offices-add-usage = Write it as: /offices add IR-14 | office name | city (the city may be left out).
offices-add-too-long = The name may have at most { $name } characters and the city { $city }.
offices-added = ✅ Office #{ $id } “{ $name }” added for { $province }.
offices-exists = { $province } already has an office named “{ $name }” (#{ $id }).
offices-toggled = Office #{ $id } “{ $name }” is now { $active ->
        [yes] active
       *[no] inactive
    }.
offices-gone = There is no such office any more.
offices-send-file = Send the offices file (CSV, UTF-8; header province,name,city,active) as a document. To cancel, send /menu.
offices-not-a-file = That is not a file: send the offices CSV as a document, or /menu to cancel.
offices-file-problems = The file was not imported; nothing changed:
offices-file-more = … and { $n } more problems
offices-imported = ✅ Imported: { $created } new, { $updated } updated, { $unchanged } unchanged.

## /export in the admins' private chat.
export-usage = Write it as: /export [status …] [from date] [to date], e.g. /export approved member 1403/05/01 1403/05/31
    Statuses: { $statuses }
export-unknown = “{ $value }” is neither a status nor a Jalali date (like 1403/05/12).
export-range = The start date ({ $start }) is after the end date ({ $end }).
export-caption = 📊 { $n } cases{ $filters }
    This file holds the applicants' national codes and mobile numbers: personal data, keep it safe.
export-filter-statuses = , status: { $statuses }
export-filter-from = , submitted from { $date }
export-filter-to = , submitted until { $date }
export-preparing = ⏳ Preparing the spreadsheet; it will be sent here when it is ready (a minute at most for a whole country's files). You can go on meanwhile.
export-failed = ⚠️ The spreadsheet could not be made. Please try again later; if it fails again, tell the operator.

# People: search, the person page, the create and edit forms, and the labels of coded values.
search-title = Find a person
search-intro = Search the records your agency holds or may see under an information-sharing agreement. Fill in at least one field.
search-name = Name
search-name-hint = First, last or other name. The start of a name is enough.
search-date-of-birth = Date of birth
search-date-of-birth-hint = For example, 2011-02-28 or 28/02/2011
search-reference = Agency reference
search-reference-hint = For example, a crime, occurrence or case number
search-button = Search
search-results-count = { $count ->
    [0] No people found
    [one] 1 person found
   *[other] { $count } people found
}
search-no-results = No people match your search among the records you may see. Check the spelling, try fewer details, or add the person.
search-limit = Only the first { $limit } results are shown. Add more details to narrow the search.

person-name = Name
person-kind = Child or adult
person-given-name = First name
person-middle-names = Middle names (optional)
person-family-name = Last name
person-date-of-birth = Date of birth
person-date-of-birth-hint = For example, 2011-02-28 or 28/02/2011. Leave empty only for an adult whose date of birth is not known.
person-age = Age
person-sex = Sex
person-gender = Gender (optional)
person-gender-hint = In the person's own words, if it differs from the sex recorded
person-ethnicity = Ethnic group
person-care-status = Care status
person-placing-authority = Placing authority
person-host-authority = Authority where the child lives
person-out-of-area = Placed out of area
person-reference = Your agency's reference (optional)
person-reference-hint = For example, a crime, occurrence or case number. Letters, numbers, spaces and - / _ . only.
person-details = Details
person-aliases = Other names
person-aliases-none = No other names recorded.
person-records = Agencies holding a record
person-agency = Agency
person-reference-column = Reference
person-recorded-at = Recorded
person-no-reference = None
person-placements = Addresses and placements
person-placements-none = No addresses or placements recorded.
person-placement-kind = Type
person-placement-place = Place
person-placement-from = From
person-placement-to = To
person-placement-current = Current
person-edit-link = Change details
person-recent-access = Recent access to this record
person-recent-access-hint = The last 20 times this record was viewed or changed. Viewing this list is recorded too.
person-access-when = When
person-access-who = Who
person-access-agency = Agency
person-access-what = What
person-not-known = Not known
person-version = Version { $version }, last changed { $when }

create-title = Add a person
create-button = Save person
edit-title = Change details
edit-button = Save changes
cancel = Cancel

placement-kind-home-address = Home address
placement-kind-care-placement = Care placement

kind-child = Child (under 18)
kind-adult = Adult of concern

sex-female = Female
sex-male = Male
sex-unknown = Not known

care-status-not-known = Not known
care-status-no-involvement = No involvement with children's services
care-status-child-in-need = Child in need
care-status-child-protection-plan = Child protection plan
care-status-looked-after = Looked after (in care)
care-status-care-leaver = Care leaver

ethnicity-asian-bangladeshi = Asian, Asian British or Asian Welsh: Bangladeshi
ethnicity-asian-chinese = Asian, Asian British or Asian Welsh: Chinese
ethnicity-asian-indian = Asian, Asian British or Asian Welsh: Indian
ethnicity-asian-pakistani = Asian, Asian British or Asian Welsh: Pakistani
ethnicity-asian-other = Asian, Asian British or Asian Welsh: any other Asian background
ethnicity-black-african = Black, Black British, Black Welsh, Caribbean or African: African
ethnicity-black-caribbean = Black, Black British, Black Welsh, Caribbean or African: Caribbean
ethnicity-black-other = Black, Black British, Black Welsh, Caribbean or African: any other Black, Black British or Caribbean background
ethnicity-mixed-white-asian = Mixed or Multiple ethnic groups: White and Asian
ethnicity-mixed-white-black-african = Mixed or Multiple ethnic groups: White and Black African
ethnicity-mixed-white-black-caribbean = Mixed or Multiple ethnic groups: White and Black Caribbean
ethnicity-mixed-other = Mixed or Multiple ethnic groups: any other Mixed or Multiple background
ethnicity-white-british = White: Welsh, English, Scottish, Northern Irish or British
ethnicity-white-irish = White: Irish
ethnicity-white-gypsy-irish-traveller = White: Gypsy or Irish Traveller
ethnicity-white-roma = White: Roma
ethnicity-white-other = White: any other White background
ethnicity-other-arab = Other ethnic group: Arab
ethnicity-other-any = Other ethnic group: any other ethnic group
ethnicity-not-stated = Not stated

role-practitioner = Practitioner
role-supervisor = Supervisor
role-inspector = Inspector
role-mace-chair = MACE chair
role-analyst = Analyst
role-scrutiny = Scrutiny
role-admin = Administrator
role-system-admin = System administrator
person-flags-and-warnings = Flags and warnings

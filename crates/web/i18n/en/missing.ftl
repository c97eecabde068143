# Missing episodes: the board, an episode, reporting, return, return home interview, history, worklist.
nav-missing = Missing now
nav-brief = Morning brief
nav-rhi = Return home interviews
yes = Yes
warning = Warning
due = Due
overdue = Overdue

duration-days-hours = { $d } d { $h } h
duration-hours-minutes = { $h } h { $m } min
duration-minutes = { $m } min

missing-board-title = Missing now
missing-board-count = { $count ->
    [0] No child is missing now
    [one] 1 child is missing now
   *[other] { $count } children are missing now
}
missing-board-empty = No child your agency may see is missing now.
missing-alerts-title = High risk: supervisor alerts
missing-for = missing for { $time }
missing-was-missing-for = missing for { $time } in all
missing-next-review = Next review
missing-child = Child
missing-duration = Time missing
missing-area-unknown = Area not recorded

missing-report-title = Report missing
missing-report-button = Report missing
missing-reported-at = Reported
missing-last-seen-at = Last seen
missing-time-hint = UK time, for example 26/11/2026 21:30
missing-last-seen-where = Where last seen
missing-reporter = Who reported the child missing
missing-area = Police area (BCU) dealing
missing-area-choose = Choose an area
missing-circumstances = Circumstances
missing-police-reference = Police incident or occurrence reference
missing-risk-grade = Risk grade
missing-risk-rationale = Rationale for the grade
missing-risk-rationale-hint = Why this grade: what you know, what you do not know, and what would change it
missing-new-grade = New risk grade

missing-episode-title = Missing episode: { $name }
missing-back-to-history = Missing history
missing-conflict = Someone else changed this episode since you opened it. Nothing was saved. Check the timeline, then try again.
missing-status-open = Missing now
missing-status-returned = Returned
missing-high-risk-alert = High risk: the supervisor has been alerted
missing-person-record = Open the child's record
missing-from = Missing from
missing-out-of-area = Placed out of area
missing-returned-at = Returned
missing-clocks = Reviews
missing-naira-expires = NAIRA hold ends
missing-rhi = Return home interview
missing-rhi-due = Due by { $time }
missing-rhi-quality = Quality: { $score } of 5 measures met
missing-record-rhi = Record the return home interview
missing-record-return = Record found and returned
missing-timeline = Timeline
missing-regrade-title = Change the risk grade
missing-regrade-button = Save the new grade
missing-note-title = Add to the timeline
missing-note-button = Add
missing-note-kind = What to add
missing-note-at = When
missing-note-text = Details
missing-recipient = Who was told (for a notification)
missing-recipient-none = Not a notification
missing-by-system = haven (automatic)
missing-event-reported = Reported missing
missing-event-graded = Graded
missing-event-regraded = Regraded
missing-event-returned = Found and returned
missing-event-prevention-interview = Prevention interview (safe and well check)
missing-event-rhi = Return home interview

missing-return-title = Found and returned
missing-return-button = Save the return
missing-found-where = Where found
missing-found-by = Found by, or returned to
missing-with-whom = With whom
missing-harm-seen = Injuries or harm seen
missing-disclosed = The child disclosed something
missing-found-in-other-force-area = Found in another police force's area
missing-prevention-interview-at = Prevention interview (safe and well check) held
missing-prevention-interview-hint = UK time, for example 27/11/2026 10:00. Leave empty if not held yet.
missing-prevention-interview-notes = What the prevention interview found

rhi-title = Return home interview
rhi-button = Save the interview
rhi-outcome = Outcome
rhi-outcome-held = Held
rhi-outcome-declined = Declined by the child
rhi-outcome-not-possible = Not possible
rhi-held-at = When it was held or refused
rhi-reason = Reason
rhi-reason-hint = Required when the interview was declined or not possible
rhi-in-person = Held in person
rhi-non-uniformed-officer-present = A police officer (not in uniform) was there
rhi-where-and-with-whom = Where the child was and with whom
rhi-push-factors = What pushed them away
rhi-pull-factors = What drew them away
rhi-disclosures = Disclosures
rhi-harm = Harm
rhi-exploitation-indicators = Signs of exploitation
rhi-child-wants = What the child wants, in their words
rhi-follow-up-actions = Follow-up actions
rhi-information-shared = Information shared with children's services and the police
rhi-not-recorded = Not recorded
rhi-state-due = Due
rhi-state-overdue = Overdue
rhi-state-done-in-time = Held in time
rhi-state-done-late = Held late

missing-history-title = Missing history: { $name }
missing-now-link = This child is missing now: open the episode
missing-episodes-total = Episodes in all
missing-episodes-90d = Episodes in the last 90 days
missing-rhi-owed = Return home interview due by
missing-flags = Flags
missing-flags-none = No flags.
missing-flag-episodes = Episodes:
missing-episodes = Episodes
missing-episodes-none = No missing episodes recorded.
missing-episode-number = Episode

worklist-title = Return home interviews
worklist-intro = Children who returned in the last 28 days. The interview is due within 72 hours of return.
worklist-overdue = Overdue
worklist-due = Due
worklist-done = Done
worklist-none = None.
worklist-due-by = Due by
worklist-quality = Quality

grade-high = High
grade-medium = Medium
grade-low = Low
grade-very-low = Very low (former grade)
grade-no-apparent-risk = No apparent risk (absent, former grade)
grade-naira = No apparent immediate risk (NAIRA)

reporter-parent = Parent or family
reporter-foster-carer = Foster carer
reporter-childrens-home-staff = Children's home staff
reporter-school = School or college
reporter-hospital = Hospital
reporter-other = Someone else

answer-yes = Yes
answer-no = No
answer-not-known = Not known

question-out-of-character = Is the disappearance out of character?
question-contact-or-whereabouts = Is there any contact, or are whereabouts known?
question-intentions-and-search = Are there intentions to go somewhere, and has a search been made?
question-with-whom = Is the child believed to be with someone?
question-danger-to-self-or-others = Is the child a danger to themselves or others?
question-medical-needs = Does the child have medical needs or need medication?
question-self-harm-or-suicide = Is there a risk of self-harm or suicide?
question-risk-of-harm-or-crime = Is the child at risk of harm, or of being drawn into crime?
question-abuse-or-sexual-exploitation = Is there a risk of abuse or sexual exploitation?
question-supported-by-services = Is the child supported by services?
question-behaviour-before = Was there anything in their behaviour before they went?
question-other-concerns = Are there other concerns?

review-supervisor = Supervisor review
review-inspector = Inspector review

note-action = Action
note-enquiry = Enquiry
note-sighting = Sighting
note-linked-person = Linked person
note-linked-place = Linked place
note-notification = Notification
note-supervisor-review = Supervisor review
note-inspector-review = Inspector review

recipient-childrens-services = Children's services
recipient-placing-authority = Placing authority
recipient-host-authority = Host authority
recipient-school = School or college

flag-currently-missing = Missing now
flag-repeat-missing = Repeat missing
flag-action-strategy-discussion = consider a strategy discussion
flag-action-multi-agency-meeting = consider a multi-agency meeting
flag-action-rhi-priority = give the return home interview priority
flag-missing-from-childrens-home = Missing from a children's home
flag-out-of-area-placement = Placed out of area
flag-unaccompanied-asylum-seeking-child = Unaccompanied asylum-seeking child
flag-long-episode = Missing over 24 hours
flag-found-in-other-force-area = Found in another force's area

grab-title = Grab pack
grab-button = Save the grab pack
grab-link = Grab pack: add or change
grab-description = Description
grab-distinguishing-features = Distinguishing features
grab-places-frequented = Places they go
grab-associates = Friends and associates
grab-phone-and-social-media = Phone and social media
grab-health-and-medication = Health and medication
grab-risks = Known risks

error-time-format = Enter a date and time, for example 26/11/2026 21:30
error-time-skipped-by-clock-change = This time did not happen: the clocks went forward an hour that night
error-not-a-time = Enter a date and time
error-in-future = This time is in the future
error-after-reported = The child must have been last seen before they were reported missing
error-before-reported = This must be after the child was reported missing
error-before-last-seen = This must be after the child was last seen
error-before-return = This must be after the child returned
error-already-returned = The child has already returned from this episode
error-already-missing = This child is already missing: update the open episode instead
error-not-returned = Record the child's return first
error-rhi-already-recorded = The return home interview has already been recorded
error-legacy-grade = This grade is no longer used: choose high, medium or low
error-naira-not-enabled = This force does not use the NAIRA grade
error-naira-hold-spent = This report has already been held under NAIRA and the hold has ended: choose high, medium or low
error-last_seen_at-too-long-before-report = Last seen must be within a year before the report: check the year
error-last_seen_at-before-birth = Last seen is before the child's date of birth: check the date
error-person_id-not-a-child = Missing episodes here are for children under 18: this person is 18 or over, or recorded as an adult
error-person_id-not-a-child-or-young-care-leaver = Missing episodes here are for children under 18 and care leavers under 25: this person is neither (a care leaver needs a date of birth on their record)
error-very-low-not-used = This area does not use the very low grade: choose high, medium or low
error-required-for-high = Answer this question: a high grade needs the whole risk questionnaire ("Not known" is an answer)
error-out_of_area-read-only = haven works out whether the child is placed out of area from their placing and host authority: leave this out
error-agency-not-permitted = Your agency does not see this
error-needs-an-episode = This needs a missing episode
error-risk_rationale-required = Enter why you chose this grade
error-risk_grade-required = Choose a risk grade
error-reason-required = Enter why the interview was declined or not possible
error-last_seen_where-required = Enter where the child was last seen
error-reporter-required = Choose who reported the child missing
error-outcome-required = Choose the outcome of the interview

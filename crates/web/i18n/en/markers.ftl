## Warning markers and NRM referrals

record-class-warning-marker = Warning markers
record-class-nrm = NRM referrals

audit-marker-raise = Raised a warning marker
audit-marker-approve = Approved a warning marker
audit-marker-review = Reviewed a warning marker
audit-marker-list = Read warning markers
audit-nrm-refer = Recorded an NRM referral
audit-nrm-decide = Recorded an NRM decision
audit-nrm-list = Read NRM referrals

marker-type-county-lines = County lines
marker-type-at-risk-cse = At risk of child sexual exploitation
marker-type-at-risk-cce = At risk of child criminal exploitation
marker-type-trafficking = Trafficking or modern slavery
marker-type-person-of-concern = Person of concern
marker-type-weapons = Weapons
marker-type-violence = Violence
marker-type-drug-supply = Drug supply
marker-type-cuckooed-address = Cuckooed address
marker-type-place-of-concern = Place of concern

marker-status-pending = Waiting for approval
marker-status-active = Active
marker-status-ended = Ended

review-outcome-keep = Keep
review-outcome-end = End

first-responder-police = Police
first-responder-local-authority = Local authority
first-responder-home-office = Home Office
first-responder-national-crime-agency = National Crime Agency
first-responder-glaa = Gangmasters and Labour Abuse Authority
first-responder-salvation-army = The Salvation Army
first-responder-migrant-help = Migrant Help
first-responder-medaille-trust = Medaille Trust
first-responder-kalayaan = Kalayaan
first-responder-barnardos = Barnardo's
first-responder-unseen = Unseen
first-responder-nspcc = NSPCC
first-responder-bawso = BAWSO
first-responder-new-pathways = New Pathways
first-responder-refugee-council = Refugee Council

exploitation-cce = Child criminal exploitation
exploitation-cse = Child sexual exploitation
exploitation-labour = Labour exploitation
exploitation-other = Other exploitation

decision-positive = Positive
decision-negative = Negative
stage-reasonable-grounds = Reasonable grounds
stage-conclusive-grounds = Conclusive grounds

markers-heading = Warning markers
markers-none = No warning markers you can see.
markers-type = Marker
markers-status = Status
markers-reason = Reason
markers-source = Source
markers-start = From
markers-review = Review by
markers-overdue-tag = Review overdue
markers-add-link = Add a warning marker
markers-approve-button = Approve
markers-offending = Offending type
markers-new-title = Add a warning marker
markers-new-button = Add marker
markers-type-hint = On a child, a marker waits for a supervisor's approval. Person of concern, weapons, violence and drug supply are offending types: never on a child under 10.
markers-source-agency = Source agency code
markers-source-agency-hint = Leave blank for your own agency
markers-source-note = What it rests on
markers-source-note-hint = For example PNC, MACE 12 November, strategy meeting
markers-starts-on = Start date
markers-review-on = Review date
markers-date-hint = For example 12/11/2026. On a child, the review is within 12 months of the start.
markers-overdue-title = Warning marker reviews overdue
markers-overdue-none = No reviews are overdue.
markers-overdue-subject = Person or place
markers-overdue-link = Warning marker reviews overdue

nrm-heading = National Referral Mechanism
nrm-none = No NRM referrals you can see.
nrm-referred-on = Referred
nrm-first-responder = First responder
nrm-exploitation = Exploitation
nrm-rg = Reasonable grounds
nrm-cg = Conclusive grounds
nrm-awaited = Awaited
nrm-days = { $days ->
    [one] 1 day
   *[other] { $days } days
}
nrm-rg-overdue = Reasonable grounds decision awaited more than 45 days
nrm-add-link = Record an NRM referral
nrm-new-title = Record an NRM referral
nrm-new-button = Record referral
nrm-first-responder-note = Referring office or team (optional)
nrm-referred-on-hint = For example 2026-11-02

error-under-age-of-criminal-responsibility = An offending-type marker cannot go on a child under 10 (the age of criminal responsibility)
error-offending-marker-needs-date-of-birth = Record the child's date of birth before an offending-type marker: without it they cannot be shown to be 10
error-marker-type-for-places-only = This type of marker is for places
error-marker-type-for-people-only = This type of marker is for people
error-review-more-than-12-months = On a child, the review date must be within 12 months
error-review-not-after-start = The review date must be after the start
error-date-in-future = The date cannot be in the future
error-approver-is-raiser = A marker is approved by a supervisor other than the person who raised it
error-already-approved = This marker is already approved
error-approval-not-needed = This marker does not need approval
error-marker-ended = This marker has ended
error-marker-not-approved = A marker waiting for approval can be ended but not kept
error-before-marker-start = The review cannot be before the marker started
error-not-when-ending = Leave the next review date blank when ending a marker
error-not-a-child = An NRM referral here is for a child: the person was 18 or over on that date
error-decision-before-referral = A decision cannot be dated before the referral
error-conclusive-before-reasonable = The conclusive grounds decision cannot be dated before the reasonable grounds decision
error-needs-reasonable-grounds = Record the reasonable grounds decision first
error-reasonable-grounds-negative = A negative reasonable grounds decision ends the referral
error-already-decided = This decision is already recorded
markers-review-link = Review
markers-review-title = Review the { $marker } marker on { $on }
markers-review-button = Save review
markers-review-outcome = Keep the marker or end it?
markers-reviewed-on = Date of review
markers-reviewed-on-hint = For example 03/12/2026. Leave blank for today.
markers-next-review-on = Next review date (if kept)
markers-next-review-on-hint = For example 03/06/2027. On a child, within 12 months of this review.
markers-review-note = What the review found
nrm-decision-link = Record a decision
nrm-decision-title = Record an NRM decision for { $name }
nrm-decision-button = Save decision
nrm-decision-stage = Which decision?
nrm-decision-outcome = Outcome
nrm-decided-on = Date of the decision
nrm-decided-on-hint = For example 03/12/2026. Not before the referral ({ $referred }) and not in the future.

# One child across agencies: the review queue of possible links, and agencies' own records.
nav-link-reviews = Possible links
link-queue-title = Possible links to check
link-queue-intro = An import found these agencies' records may be people haven already holds, but not surely enough to link them. Check each one: link it if it is the same person, or reject it.
link-queue-empty = Nothing to check.
link-queue-count = { $count ->
    [one] 1 possible link
   *[other] { $count } possible links
}
link-agency-record = Agency's record
link-from-agency = From
link-may-be = May be
link-probability = Match
link-waiting-since = Waiting since
link-review-title = Is this the same person?
link-review-probability = Match probability { $probability }
link-side-by-side = The two records side by side
link-field = Field
link-why = Why haven thinks so
link-why-intro = Each field adds to or takes from the evidence, starting from how likely any two records are the same person. Green adds, red takes away.
link-level = How they compare
link-weight = Weight
link-decide-link = Link: the same person
link-decide-reject = Reject: not the same person
link-already-decided = Someone has already decided this possible link. Nothing was changed.
link-field-prior = Before comparing
link-field-total = Total
link-field-first-name = First name
link-field-surname = Last name
link-field-dob = Date of birth
link-field-sex = Sex
link-field-postcode = Postcode
link-field-record-id = Agency's reference
link-field-name = Name
link-records-title = Agencies' records of { $name }
link-records-intro = Each agency's record as it sent it. Unlinking moves a record to a person of its own; nothing is deleted, and it can be linked back.
link-records-none = No agency has sent a record of this person by import.
link-actions = Actions
link-unlink = Unlink
link-unlinked-title = Record unlinked
link-unlinked-text = The record is now a person of its own. If that was a mistake, link it back.
link-back = Link it back
review-status-pending = Waiting for a decision
review-status-linked = Linked
review-status-rejected = Rejected
person-source-records-link = Each agency's record as it sent it
person-missing-link = Missing history

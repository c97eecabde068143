# What an audit event records, as a supervisor or the data-protection officer reads it.
audit-person-create = Added the person
audit-person-update = Changed the details
audit-person-view = Viewed the record
audit-person-search = Searched for people
audit-person-alias-add = Added another name
audit-person-record-add = Added an agency record
audit-person-placement-add = Added an address or placement
audit-person-placement-end = Ended an address or placement
audit-location-create = Added a location
audit-agency-create = Added an agency
audit-area-create = Added an area
audit-area-rules-set = Saved a version of an area's missing-episode rules
audit-agreement-create = Added an information-sharing agreement
audit-user-create = Added a user
audit-user-password-set = Set a password
audit-token-issue = Issued an API token
audit-token-revoke = Revoked an API token
audit-user-update = Changed a user
audit-user-password-reset = Reset a password
audit-session-sign-in = Signed in
audit-session-sign-in-failed = Failed to sign in
audit-session-sign-out = Signed out
audit-audit-view = Viewed the access record
audit-episode-report = Reported the child missing
audit-episode-view = Viewed a missing episode
audit-episode-regrade = Changed the risk grade
audit-episode-note = Added to a missing episode
audit-episode-return = Recorded the return
audit-episode-rhi = Recorded the return home interview
audit-episode-list = Listed missing episodes
audit-grab-pack-save = Saved the grab pack
audit-demo-load = Loaded demonstration data
audit-import-start = Started an import
audit-import-batch = Imported a batch of records
audit-import-rollback = Rolled back an import
audit-source-import = Imported an agency's record
audit-source-link = Linked an agency's record to the person
audit-source-unlink = Unlinked an agency's record from the person
audit-review-list = Listed possible links to review
audit-review-link = Confirmed a possible link
audit-review-reject = Rejected a possible link
audit-denied = Refused access
audit-system = haven (system)

audit-page-title = Access record
audit-page-intro = Everyone who has seen, searched for or changed the record { $id }, newest first. This page shows the trail only, not the record.
audit-page-count = { $count ->
    [one] 1 event
   *[other] { $count } events
}
audit-page-purpose = Page or call
audit-page-detail = Note
person-access-record-link = See the full access record
nav-agency-audit = Audit
agency-audit-title = What your agency's users did
agency-audit-intro = Every sign-in, search, view and change by the users of { $agency }, newest first. Records are named by their id only: this page never shows a record's details.
agency-audit-record = Record

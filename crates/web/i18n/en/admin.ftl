# Administration: an agency's users and their API tokens.
nav-admin = Users
admin-users-title = Users
admin-users-count = { $count ->
    [one] 1 user
   *[other] { $count } users
}
admin-username = Username
admin-username-hint = Lower-case letters, digits, dots, hyphens or underscores, for example j.evans
admin-display-name = Name shown on pages
admin-agency = Agency
admin-role = Role
admin-status = Status
admin-active = Active
admin-disabled = Disabled
admin-new-user-title = Add a user
admin-new-user-button = Add the user
admin-new-user-done = User added
admin-one-time-password = The one-time password for { $username }. Give it to them securely: they must change it when they first sign in.
admin-shown-once = This is shown once only. haven keeps only a hash of it.
admin-back-to-user = Go to the user
admin-change-title = Change the role or name
admin-change-button = Save changes
admin-access-title = Access
admin-disable-button = Disable this user
admin-enable-button = Enable this user
admin-reset-button = Reset the password
admin-reset-done = Password reset
admin-tokens-title = API tokens
admin-token-name = What the token is for
admin-token-name-hint = For example, case management sync
admin-token-issued = Issued
admin-token-expires = Last day it works
admin-token-expires-hint = For example, 2027-06-30. Leave empty for a year from today
admin-token-never = Never
admin-token-dead = Revoked or expired
admin-token-new = Issue a token
admin-token-button = Issue the token
admin-token-done = Token issued
admin-token-once = The token “{ $name }”. Give it to whoever runs the system that will use it.
admin-revoke-button = Revoke { $name }
error-username-unknown-user = No user has this username
error-username-cannot-change-yourself = You cannot disable yourself or change your own role
error-expires_on-in-the-past = The last day must be after today
error-unknown-agency = Choose an agency from the list
home-admin-users-text = Add users, change their roles, disable them, reset passwords and issue API tokens.
home-admin-audit-text = Every sign-in, search, view and change by your agency's users.

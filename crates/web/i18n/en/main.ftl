# The layout, sign-in, home page and error pages.
service-name = haven
skip-to-main = Skip to main content
language-switch = Cymraeg
demo-banner-tag = Demo
demo-banner-text = This service holds demonstration data only. Do not enter real people's details.
signed-in-as = Signed in as { $name }
navigation = Menu
nav-home = Home
nav-search = Find a person
nav-create = Add a person
footer-licence = haven is free software, released under the GNU Affero General Public License v3.0 or later.
footer-support = Support links
footer-privacy = Every view of a person's record is recorded.
back = Back
error-prefix = Error:
error-summary-title = There is a problem

sign-in = Sign in
sign-out = Sign out
sign-in-title = Sign in to haven
sign-in-intro = Use the username and password your agency gave you.
sign-in-username = Username
sign-in-password = Password
sign-in-failed = Enter a correct username and password
sign-in-signed-out = You have signed out.

home-title = haven
home-intro = Share what agencies know about children who go missing or are at risk of exploitation, so that they can be found and kept safe.
home-welcome = Welcome, { $name }
home-role = Your role: { $role }
home-search-link = Find a person
home-search-text = Search by name, date of birth or an agency's reference.
home-create-link = Add a person
home-create-text = Record a child or an adult of concern that no agency has recorded yet.
home-no-people = Your role does not give access to people's records.

page-title-suffix = haven

error-page-403-title = You do not have access to this page
error-page-403-text = Your role or your agency does not allow you to see or change this. If you think you should have access, speak to your supervisor or your agency's administrator.
error-page-403-csrf-text = Your form could not be sent because it did not come from this service, or the page was open too long. Go back, reload the page and try again.
error-page-404-title = Page not found
error-page-404-text = If you typed the web address, check it is correct. If you followed a link, the record may no longer exist.
error-page-409-title = This record has changed
error-page-413-title = What you sent is too large
error-page-413-text = The form was larger than haven accepts. Shorten the text and try again.
error-page-429-title = Too many attempts to sign in
error-page-429-text = For your security, you cannot sign in for the next 15 minutes. Try again later, or ask your agency's administrator for help.
error-page-400-title = Sorry, there is a problem with what was sent
error-page-400-text = Go back and try again.
error-page-500-title = Sorry, there is a problem with the service
error-page-500-text = Try again later. If it keeps happening, tell your agency's service desk the time it happened.
error-page-home-link = Go to the home page

password-title = Change your password
password-required = Your password was set by an administrator. Choose a new one that only you know before you continue.
password-current = Current password
password-new = New password
password-new-hint = At least { $min } characters. A few unrelated words make a strong password that is easy to remember.
password-confirm = Confirm new password
password-button = Change password
password-changed = Your password has been changed.
nav-password = Change password
home-missing-now = { $count ->
    [0] No child is missing now
    [one] 1 child is missing now
   *[other] { $count } children are missing now
}
home-mine = Your children
home-mine-all = Every child missing now
home-high-risk = High risk, missing now
home-high-risk-all = The missing now board
home-reviews-overdue = Reviews overdue
home-reviews-overdue-all = Every review on the missing now board
home-interviews-due = Return home interviews due
home-interviews-due-all = The return home interview worklist
home-none = None at the moment.
home-since = Missing since or returned
home-due = Next review or interview due
home-scrutiny-text = Your role sees figures, not people's records. The figures for boards will be on this page.

# Sign-in through the organisation's identity provider (OpenID Connect).
oidc-sign-in-with = Sign in with { $name }
oidc-or-password = Or sign in with a haven password
oidc-refused-title = You have not been signed in to haven
oidc-not-linked = Your organisation account is not linked to a haven user: ask your agency's administrator.
oidc-disabled = Your haven account is disabled: ask your agency's administrator.
oidc-identity-is = Give your administrator your identity at { $name }:
oidc-no-flow = This sign-in was not started in this browser, or took longer than 10 minutes. Go back and sign in again.
oidc-provider-refused = { $name } did not sign you in. Go back and sign in again.
oidc-failed = haven could not confirm your sign-in with { $name }. Try again. If it keeps happening, tell your agency's service desk the time it happened.
oidc-back-to-sign-in = Go back to sign in

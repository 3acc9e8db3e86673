portal-skip = Skip to content
portal-brand-sub = Admin center
portal-nav-label = Main
portal-nav-users = Users
portal-nav-deleted = Deleted users
portal-language = Language
portal-language-apply = Change
portal-sign-out = Sign out
portal-back-to-users = Back to users
portal-error-title = Something went wrong

portal-login-title = Sign in
portal-login-heading = Sign in to Roster
portal-login-intro = For account admins and managers.
portal-login-email = Email
portal-login-password = Password
portal-login-submit = Sign in
portal-login-refused = Sign-in refused. Check your email and password; only active admins and managers can sign in.
portal-login-locked = Too many failed attempts. Try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.

portal-users-title = Users
portal-deleted-title = Deleted users
portal-users-count = Users found: { $count }
portal-users-count-more = More than { $count } users found
portal-search = Search
portal-search-placeholder = Name or email
portal-status = Status
portal-role = Role
portal-product = Product
portal-sort = Sort by
portal-apply = Apply
portal-no-users = No user matches these filters.
portal-col-name = Name
portal-col-email = Email
portal-col-days-left = Restorable for
portal-days-left = { $days ->
        [one] 1 day
       *[other] { $days } days
    }
portal-pages = Pages
portal-first-page = First page
portal-next-page = Next page
portal-filter-any-status = Active and suspended
portal-filter-any-role = Any role
portal-filter-any-product = Any product
portal-sort-email = Email
portal-sort-name = Name
portal-sort-created = Date added

portal-status-active = Active
portal-status-suspended = Suspended
portal-status-deleted = Deleted

portal-notice-saved = Changes saved.
portal-notice-suspended = The user is suspended.
portal-notice-reactivated = The user is active again.
portal-notice-deleted = The user was deleted. You can restore them from Deleted users.
portal-notice-restored = The user was restored.

portal-error-filter = These filters are not valid; showing all users.
portal-error-seats = No seats left for { $product }: { $seats ->
        [one] its only seat is in use.
       *[other] all { $seats } seats are in use.
    }
portal-error-last-admin = The last active admin of the account must stay an active admin.
portal-error-forbidden = You are not allowed to make this change.
portal-error-nothing-to-give-back = This user was never active, so there is nothing to give back. Give them a product or a role instead.
portal-error-conflict = This change does not apply to the user as they are now.
portal-error-invalid = This value is not valid.
portal-error-stale = Someone changed this user while you were editing. Nothing was saved; here is the user as they are now.
portal-error-not-found = This user does not exist.
portal-error-internal = An internal error occurred. Please try again.
portal-error-csrf = This form has expired. Reload the page and try again.

portal-read-only-admin = This user is an admin: only an admin can change them.
portal-deleted-note = This user is deleted. They can be restored for { $days ->
        [one] one more day
       *[other] { $days } more days
    }, then they are removed for good.
portal-products = Products
portal-roles = Roles
portal-no-products = No products
portal-edit = Edit
portal-products-legend = Products this user can use
portal-role-legend = Role of this user
portal-seats-limited = { $used } of { $total ->
        [one] 1 seat
       *[other] { $total } seats
    } used
portal-seats-unlimited = { $used } in use
portal-gs-tag = Getting started email
portal-gs-title = The first time this product is given to a user, a getting started email is sent, even when you choose not to notify.
portal-no-seats = No seats left
portal-do-not-notify = Do not notify users of this change
portal-gs-hint = The first time someone gets GoTo Meeting, GoTo Webinar, GoTo Training or OpenVoice, they receive a getting started email even if you choose not to notify them.
portal-preview = Preview emails
portal-preview-heading = Saving will send
portal-preview-none = No email will be sent.
portal-save = Save
portal-cancel = Cancel
portal-actions = Actions
portal-suspend = Suspend
portal-reactivate = Reactivate
portal-restore = Restore
portal-delete = Delete…
portal-delete-confirm = Delete { $name }? Their products are freed and all their access ends at once. They can be restored, with their products and role, for { $days ->
        [one] 1 day
       *[other] { $days } days
    }; after that they are removed for good.
portal-delete-yes = Yes, delete this user
portal-history = History
portal-history-empty = No changes recorded yet.
portal-col-when = When
portal-col-what = Change
portal-col-who = By
portal-col-notified = Notified
portal-yes = Yes
portal-no = No

portal-email-products-changed = Products changed, to { $to }: “{ $subject }”
portal-email-role-changed = Role changed, to { $to }: “{ $subject }”
portal-email-getting-started = Getting started, to { $to }: “{ $subject }”
portal-email-invitation = Invitation, to { $to }: “{ $subject }”

portal-audit-products = products { $list }
portal-audit-role = role { $old } → { $new }
portal-audit-role-new = role { $new }
portal-audit-status = status { $old } → { $new }

portal-action-create = Created
portal-action-update = Edited
portal-action-suspend = Suspended
portal-action-reactivate = Reactivated
portal-action-delete = Deleted
portal-action-restore = Restored
portal-action-purge = Purged

portal-password-title = Choose your password
portal-password-intro = Choose the password you will use to sign in to Roster as { $email }.
portal-password-new = New password
portal-password-confirm = Confirm the new password
portal-password-hint = At least { $count } characters.
portal-password-submit = Set my password
portal-password-too-short = The password must have at least { $count } characters.
portal-password-mismatch = The two passwords do not match.
portal-password-gone-title = This link is no longer valid
portal-password-gone = This link to set a password is no longer valid: it was already used, it expired, or a newer one was sent. Ask your administrator for a new link.
portal-password-to-login = Go to sign-in
portal-notice-password-set = Your password is set. Sign in with it now.
portal-send-password-link = Send a password link
portal-password-link-hint = Emails { $email } a link to choose a new password; it works once, within 7 days.
portal-notice-password-link = A link to set a password was sent.
portal-action-password_link = Password link sent
portal-action-set_password = Password set
portal-email-password-reset = Password link, to { $to }: “{ $subject }”

portal-error-own-access = You cannot take away your own portal access (by becoming a member, suspending or deleting yourself). Ask another admin.
portal-error-email-taken = Another user of the account already has this email address.
portal-error-invalid-email = This email address is not valid (expected name@example.com).
portal-error-invalid-name = A name has at most 100 characters and no line breaks.
portal-consequence-suspends = Saving suspends { $name } and signs them out: they lose the portal and every product until someone gives them a product or a role.
portal-consequence-reactivates = Saving reactivates { $name }: they can sign in again.
portal-consequence-loses-portal = Saving takes away the portal from { $name } and signs them out of it.
portal-edit-details = Edit details
portal-field-email = Email
portal-field-first-name = First name
portal-field-last-name = Last name
portal-field-locale = Language of their emails
portal-own-access-note = This is you: you cannot make yourself a member, which would end your own portal access.
portal-self-actions-note = This is you: another admin can suspend or delete you, not yourself.
portal-reactivate-gives-back = Gives back: { $what }
portal-notice-created = The user was added.

portal-via-portal = via the portal
portal-via-api = via the API
portal-via-scim = via SCIM provisioning
portal-via-cli = via the command line
portal-via-import = via an import
portal-via-system = automatically
portal-channel-portal = Portal
portal-channel-api = API
portal-channel-scim = SCIM provisioning
portal-channel-cli = Command line
portal-channel-import = Import
portal-channel-system = Automatic
portal-actor-person = { $name } { $via }
portal-actor-token = API token “{ $name }” { $via }
portal-actor-operator = An operator { $via }
portal-actor-roster = Roster, automatically
portal-audit-email = email { $old } → { $new }
portal-audit-first-name = first name { $old } → { $new }
portal-audit-last-name = last name { $old } → { $new }
portal-audit-locale = language { $old } → { $new }

portal-new-user = Add a user
portal-new-title = Add a user
portal-new-products-hint = The account's products for new users are ticked already.
portal-new-preview-heading = Adding this user will send
portal-new-notify-hint = A new manager or admin gets an invitation to choose their password, unless you choose not to notify. The first time someone gets GoTo Meeting, GoTo Webinar, GoTo Training or OpenVoice, they receive a getting started email even if you choose not to notify them.
portal-new-suspended-note = With no product and the Member role, this user starts suspended: they cannot sign in anywhere until you give them a product or a role.
portal-create = Add the user
portal-nav-licences = Licences
portal-nav-history = History
portal-nav-import = Import

portal-licences-title = Licences
portal-licences-intro = Seats of each product on the account, and who holds them. A user who is deleted frees their seats.
portal-licences-used = Seats used
portal-licences-limit-col = Limit
portal-licences-holders-col = Held by
portal-licences-limit = { $seats ->
        [one] 1 seat
       *[other] { $seats } seats
    }
portal-licences-unlimited = Unlimited
portal-licences-limit-of = Seat limit of { $product }
portal-licences-holders = { $count ->
        [0] nobody
        [one] 1 user
       *[other] { $count } users
    }
portal-licences-limit-hint = Leave a limit empty for unlimited seats. A limit below the seats in use takes nothing away; it only stops new assignments.
portal-notice-seats = The seat limit is saved.
portal-notice-new-user-products = The products for new users are saved.
portal-error-seats-number = Enter a whole number of seats, or leave it empty for unlimited.

portal-import-title = Import users
portal-import-intro = Upload a CSV file with a header row naming email and any of first_name, last_name, locale, role and products (product keys separated by ;). A user whose email exists is updated; the others are created. You see what each row will do before anything changes.
portal-import-file = CSV file
portal-import-check = Check the file
portal-import-empty = Choose a CSV file first.
portal-import-not-utf8 = This file is not UTF-8 text. Save it as “CSV UTF-8” and try again.
portal-import-unreadable = The file cannot be imported: { $count ->
        [one] one line has a problem.
       *[other] { $count } lines have problems.
    } Nothing was changed.
portal-import-line-error = Line { $line }: { $message }
portal-import-preview-heading = What the import will do
portal-import-done-heading = Import done
portal-import-will-created = { $count ->
        [one] 1 user will be created
       *[other] { $count } users will be created
    }
portal-import-will-updated = { $count ->
        [one] 1 user will be updated
       *[other] { $count } users will be updated
    }
portal-import-will-unchanged = { $count ->
        [one] 1 user is already as the file says
       *[other] { $count } users are already as the file says
    }
portal-import-will-failed = { $count ->
        [one] 1 row will be refused
       *[other] { $count } rows will be refused
    }
portal-import-will-email = { $count ->
        [0] no email will be sent
        [one] 1 email will be sent
       *[other] { $count } emails will be sent
    }
portal-import-done-created = { $count ->
        [one] 1 user created
       *[other] { $count } users created
    }
portal-import-done-updated = { $count ->
        [one] 1 user updated
       *[other] { $count } users updated
    }
portal-import-done-unchanged = { $count ->
        [one] 1 user unchanged
       *[other] { $count } users unchanged
    }
portal-import-done-failed = { $count ->
        [one] 1 row refused
       *[other] { $count } rows refused
    }
portal-import-row-will-created = Will be created
portal-import-row-will-updated = Will be updated
portal-import-row-will-unchanged = No change
portal-import-row-done-created = Created
portal-import-row-done-updated = Updated
portal-import-row-done-unchanged = No change
portal-import-refused = Refused: { $reason }
portal-import-apply = { $count ->
        [one] Apply 1 change
       *[other] Apply { $count } changes
    }
portal-import-notify-on = The users concerned are notified by email.
portal-import-no-notify-on = The users concerned are not notified (getting started emails still go out).
portal-import-other-file = Choose another file
portal-import-another = Import another file
portal-import-line = Line
portal-import-result = Result
portal-import-emails = Emails
portal-col-last-sign-in = Last sign-in
portal-never = Never

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } of { $total }
portal-range-more = { $from }–{ $to } of more than { $total }
portal-prev-page = Previous page
portal-page-size = Per page
portal-inactive = Inactive
portal-inactive-any = Any
portal-inactive-days = { $days ->
    [one] For { $days } day
   *[other] For { $days } days or more
}
portal-export-csv = Export CSV
portal-error-filter-named = The filter “{ $field }” is not valid and was left out; the other filters still apply.
portal-filter-name-status = Status
portal-filter-name-role = Role
portal-filter-name-product = Product
portal-filter-name-inactive = Inactive
portal-filter-name-sort = Sort
portal-filter-name-cursor = Page
portal-filter-name-user = User
portal-filter-name-actor = Changed by
portal-filter-name-channel = Channel
portal-filter-name-since = From
portal-filter-name-until = To
portal-bulk-title = Change the selected users
portal-bulk-select = Select { $name }
portal-bulk-select-all = { $count ->
    [one] Select the { $count } user matching this filter
   *[other] Select all { $count } users matching this filter
}
portal-bulk-select-all-more = Select all users matching this filter (more than { $count })
portal-bulk-action = Action
portal-bulk-add_products = Add products
portal-bulk-remove_products = Remove products
portal-bulk-set_role = Set the role
portal-bulk-suspend = Suspend
portal-bulk-reactivate = Reactivate
portal-bulk-delete = Delete
portal-bulk-restore = Restore
portal-bulk-preview = Preview
portal-audit-title = Account history
portal-audit-intro = Every change to the account's users: who made it, through which channel, before and after.
portal-audit-user = User (email or id)
portal-audit-actor = Changed by (email)
portal-audit-channel = Channel
portal-audit-any-channel = Any channel
portal-audit-since = From
portal-audit-until = To
portal-audit-zone = Dates are days in UTC. Times are shown in your browser's time zone (in UTC when scripts are off).
portal-audit-empty = No change matches these filters.
portal-audit-no-user = No user of the account has this email or id.
portal-col-user = User
portal-audit-newer = Newer
portal-audit-older = Older
portal-audit-first = Newest
portal-action-token_create = API token created
portal-action-token_revoke = API token revoked

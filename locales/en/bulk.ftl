# Products for new users (licences page) and bulk changes.
portal-template-title = Products for new users
portal-template-intro = Given to every user created without products (in the portal, through the API, a CSV import without a products column, or an identity provider's SCIM create without entitlements), seats allowing.
portal-template-none = None
bulk-title-preview = Preview of the change
bulk-title-done = Change applied
bulk-action-label = Action
bulk-preview = Preview
bulk-action-add_products = Add products
bulk-action-remove_products = Remove products
bulk-action-set_role = Set the role
bulk-action-suspend = Suspend
bulk-action-reactivate = Reactivate
bulk-action-delete = Delete
bulk-action-restore = Restore
bulk-summary-changed = { $count ->
    [one] { $count } user will be changed
   *[other] { $count } users will be changed
}
bulk-done-changed = { $count ->
    [one] { $count } user was changed
   *[other] { $count } users were changed
}
bulk-summary-unchanged = { $count ->
    [one] { $count } user is already so (unchanged)
   *[other] { $count } users are already so (unchanged)
}
bulk-summary-refused = { $count ->
    [one] { $count } user is refused
   *[other] { $count } users are refused
}
bulk-email-products_changed = { $count ->
    [one] { $count } “products changed” email
   *[other] { $count } “products changed” emails
}
bulk-email-role_changed = { $count ->
    [one] { $count } “role changed” email
   *[other] { $count } “role changed” emails
}
bulk-email-getting_started = { $count ->
    [one] { $count } getting-started email
   *[other] { $count } getting-started emails
}
bulk-more = { $count ->
    [one] …and { $count } more
   *[other] …and { $count } more
}
bulk-apply = { $count ->
    [one] Apply to { $count } user
   *[other] Apply to { $count } users
}
bulk-select-all = { $count ->
    [one] Select the { $count } user matching the filter
   *[other] Select all { $count } users matching the filter
}
bulk-emails-heading = Emails
bulk-no-emails = No email will be sent.
bulk-losing-portal-heading = These users lose their portal access (their sessions end)
bulk-changed-heading = Users to change
bulk-changed-heading-done = Users changed
bulk-unchanged-heading = Users unchanged
bulk-refused-heading = Users refused
bulk-col-reason = Reason
bulk-cancel = Back to the list
bulk-no-notify-on = Users are not notified of this change (getting-started emails still go).
bulk-notify-on = Users are notified of this change by email.
bulk-error-seats-short = Not enough seats for { $product }: this change needs { $needed } and { $left } are left. Nothing was changed.
bulk-error-nothing-selected = Select users, or all the users matching the filter.

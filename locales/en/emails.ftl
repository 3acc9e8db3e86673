email-greeting = Hello { $name },
email-footer = You receive this message because your administrator manages your { $account } account in Roster.
role-member = Member
role-manager = Manager
role-admin = Admin

products-changed-subject = Your products have changed
products-changed-intro = Your administrator changed the products you can use.
products-changed-added = Added: { $list }
products-changed-removed = Removed: { $list }
products-changed-now = Your products now: { $list }
products-changed-none = You have no products at the moment.

role-changed-subject = Your role has changed
role-changed-body = Your role changed from { $old } to { $new }.

getting-started-subject = Get started with { $product }
getting-started-intro = You can now use { $product }. Here is how to begin:
getting-started-meeting = Download the GoTo app, sign in with this email address, and select "Meet now" to start your first meeting.
getting-started-webinar = Sign in to GoTo Webinar, select "Schedule a webinar", and share the registration link with your audience.
getting-started-training = Sign in to GoTo Training, create your first training, and invite your trainees from the Training Center.
getting-started-openvoice = Dial the OpenVoice number of your account, enter your conference code, and share it with participants.
getting-started-generic = Sign in with this email address to start using it.

invitation-subject = You have been invited to manage users in Roster
invitation-body = Your administrator gave you access to the { $account } admin portal, where you manage your team's users and their products.
invitation-action = Choose your password
password-link-validity = Open this link to choose your password: { $link } — it works once, within 7 days.
invitation-sign-in = Sign in at { $link } with this email address and the password your administrator gives you.
invitation-sign-in-action = Sign in to the portal

password-reset-subject = Choose a new password for Roster
password-reset-body = An administrator of the { $account } account sent you a link to choose a new password for the admin portal.
password-reset-action = Choose a new password
password-reset-ignore = If you did not expect this email, ignore it: your current password keeps working.

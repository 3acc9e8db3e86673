# Products for new users (licences page) and bulk changes.
portal-template-title = Products for new users
portal-template-intro = Given to every user created without products (in the portal, through the API, a CSV import without a products column, or an identity provider's SCIM create without entitlements), seats allowing.
portal-template-none = None

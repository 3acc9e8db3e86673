# Products for new users (licences page) and bulk changes.
portal-template-title = Produkte für neue Benutzer
portal-template-intro = Erhält jeder Benutzer, der ohne Produkte angelegt wird (im Portal, über die API, per CSV-Import ohne Produktspalte oder per SCIM-Anlage eines Identitätsanbieters ohne Berechtigungen), sofern Lizenzen frei sind.
portal-template-none = Keine

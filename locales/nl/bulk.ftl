# Products for new users (licences page) and bulk changes.
portal-template-title = Producten voor nieuwe gebruikers
portal-template-intro = Krijgt elke gebruiker die zonder producten wordt aangemaakt (in de portal, via de API, met een CSV-import zonder productkolom of met een SCIM-aanmaak van een identiteitsprovider zonder rechten), zolang er licenties vrij zijn.
portal-template-none = Geen

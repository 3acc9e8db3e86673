# Products for new users (licences page) and bulk changes.
portal-template-title = Producten voor nieuwe gebruikers
portal-template-intro = Krijgt elke gebruiker die zonder producten wordt aangemaakt (in de portal, via de API, met een CSV-import zonder productkolom of met een SCIM-aanmaak van een identiteitsprovider zonder rechten), zolang er licenties vrij zijn.
portal-template-none = Geen
bulk-title-preview = Voorbeeld van de wijziging
bulk-title-done = Wijziging toegepast
bulk-action-label = Actie
bulk-preview = Voorbeeld
bulk-action-add_products = Producten toevoegen
bulk-action-remove_products = Producten verwijderen
bulk-action-set_role = Rol instellen
bulk-action-suspend = Blokkeren
bulk-action-reactivate = Heractiveren
bulk-action-delete = Verwijderen
bulk-action-restore = Herstellen
bulk-summary-changed = { $count ->
    [one] { $count } gebruiker wordt gewijzigd
   *[other] { $count } gebruikers worden gewijzigd
}
bulk-done-changed = { $count ->
    [one] { $count } gebruiker is gewijzigd
   *[other] { $count } gebruikers zijn gewijzigd
}
bulk-summary-unchanged = { $count ->
    [one] { $count } gebruiker is al zo (ongewijzigd)
   *[other] { $count } gebruikers zijn al zo (ongewijzigd)
}
bulk-summary-refused = { $count ->
    [one] { $count } gebruiker wordt geweigerd
   *[other] { $count } gebruikers worden geweigerd
}
bulk-email-products_changed = { $count ->
    [one] { $count } e-mail ‘producten gewijzigd’
   *[other] { $count } e-mails ‘producten gewijzigd’
}
bulk-email-role_changed = { $count ->
    [one] { $count } e-mail ‘rol gewijzigd’
   *[other] { $count } e-mails ‘rol gewijzigd’
}
bulk-email-getting_started = { $count ->
    [one] { $count } e-mail ‘aan de slag’
   *[other] { $count } e-mails ‘aan de slag’
}
bulk-more = { $count ->
    [one] …en nog { $count }
   *[other] …en nog { $count }
}
bulk-apply = { $count ->
    [one] Toepassen op { $count } gebruiker
   *[other] Toepassen op { $count } gebruikers
}
bulk-select-all = { $count ->
    [one] De gebruiker selecteren die aan het filter voldoet
   *[other] Alle { $count } gebruikers selecteren die aan het filter voldoen
}
bulk-emails-heading = E-mails
bulk-no-emails = Er wordt geen e-mail verstuurd.
bulk-losing-portal-heading = Deze gebruikers verliezen hun toegang tot de portal (hun sessies eindigen)
bulk-changed-heading = Te wijzigen gebruikers
bulk-changed-heading-done = Gewijzigde gebruikers
bulk-unchanged-heading = Ongewijzigde gebruikers
bulk-refused-heading = Geweigerde gebruikers
bulk-col-reason = Reden
bulk-cancel = Terug naar de lijst
bulk-no-notify-on = Gebruikers krijgen geen bericht over deze wijziging (e-mails ‘aan de slag’ gaan wel).
bulk-notify-on = Gebruikers krijgen per e-mail bericht over deze wijziging.
bulk-error-seats-short = Niet genoeg licenties voor { $product }: deze wijziging heeft er { $needed } nodig en er zijn er { $left } over. Er is niets gewijzigd.
bulk-error-nothing-selected = Selecteer gebruikers, of alle gebruikers die aan het filter voldoen.

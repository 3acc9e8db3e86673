portal-skip = Naar de inhoud
portal-brand-sub = Beheercentrum
portal-nav-label = Hoofdmenu
portal-nav-users = Gebruikers
portal-nav-deleted = Verwijderde gebruikers
portal-language = Taal
portal-language-apply = Wijzigen
portal-sign-out = Afmelden
portal-back-to-users = Terug naar gebruikers
portal-error-title = Er ging iets mis

portal-login-title = Aanmelden
portal-login-heading = Aanmelden bij Roster
portal-login-intro = Voor beheerders en managers van het account.
portal-login-email = E-mail
portal-login-password = Wachtwoord
portal-login-submit = Aanmelden
portal-login-refused = Aanmelden geweigerd. Controleer uw e-mailadres en wachtwoord; alleen actieve beheerders en managers kunnen zich aanmelden.
portal-login-locked = Te veel mislukte pogingen. Probeer het over { $minutes ->
        [one] een minuut
       *[other] { $minutes } minuten
    } opnieuw.

portal-users-title = Gebruikers
portal-deleted-title = Verwijderde gebruikers
portal-users-count = Gevonden gebruikers: { $count }
portal-users-count-more = Meer dan { $count } gebruikers gevonden
portal-search = Zoeken
portal-search-placeholder = Naam of e-mail
portal-status = Status
portal-role = Rol
portal-product = Product
portal-sort = Sorteren op
portal-apply = Toepassen
portal-no-users = Geen gebruiker voldoet aan deze filters.
portal-col-name = Naam
portal-col-email = E-mail
portal-col-days-left = Herstelbaar gedurende
portal-days-left = { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    }
portal-pages = Pagina's
portal-first-page = Eerste pagina
portal-next-page = Volgende pagina
portal-filter-any-status = Actief en geschorst
portal-filter-any-role = Elke rol
portal-filter-any-product = Elk product
portal-sort-email = E-mail
portal-sort-name = Naam
portal-sort-created = Datum toegevoegd

portal-status-active = Actief
portal-status-suspended = Geschorst
portal-status-deleted = Verwijderd

portal-notice-saved = Wijzigingen opgeslagen.
portal-notice-suspended = De gebruiker is geschorst.
portal-notice-reactivated = De gebruiker is weer actief.
portal-notice-deleted = De gebruiker is verwijderd. U kunt hem herstellen via Verwijderde gebruikers.
portal-notice-restored = De gebruiker is hersteld.

portal-error-filter = Deze filters zijn ongeldig; alle gebruikers worden getoond.
portal-error-seats = Geen licenties meer vrij voor { $product }: { $seats ->
        [one] de enige licentie is in gebruik.
       *[other] alle { $seats } licenties zijn in gebruik.
    }
portal-error-last-admin = De laatste actieve beheerder van het account moet actieve beheerder blijven.
portal-error-forbidden = U mag deze wijziging niet uitvoeren.
portal-error-nothing-to-give-back = Deze gebruiker was nooit actief, dus er valt niets terug te geven. Geef hem in plaats daarvan een product of een rol.
portal-error-conflict = Deze wijziging past niet bij de huidige toestand van de gebruiker.
portal-error-invalid = Deze waarde is ongeldig.
portal-error-stale = Iemand heeft deze gebruiker gewijzigd terwijl u bewerkte. Er is niets opgeslagen; hier is de gebruiker zoals hij nu is.
portal-error-not-found = Deze gebruiker bestaat niet.
portal-error-internal = Er is een interne fout opgetreden. Probeer het opnieuw.
portal-error-csrf = Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.

portal-read-only-admin = Deze gebruiker is beheerder: alleen een beheerder kan hem wijzigen.
portal-deleted-note = Deze gebruiker is verwijderd. Hij kan nog { $days ->
        [one] een dag
       *[other] { $days } dagen
    } worden hersteld en wordt daarna definitief verwijderd.
portal-products = Producten
portal-roles = Rollen
portal-no-products = Geen producten
portal-edit = Bewerken
portal-products-legend = Producten die deze gebruiker kan gebruiken
portal-role-legend = Rol van deze gebruiker
portal-seats-limited = { $used } van { $total ->
        [one] { $total } licentie in gebruik
       *[other] { $total } licenties in gebruik
    }
portal-seats-unlimited = { $used } in gebruik
portal-gs-tag = Welkomstmail
portal-gs-title = De eerste keer dat een gebruiker dit product krijgt, wordt een welkomstmail verstuurd, ook als u kiest om niet te melden.
portal-no-seats = Geen licenties vrij
portal-do-not-notify = Gebruikers niet op de hoogte brengen van deze wijziging
portal-gs-hint = Wie voor het eerst GoTo Meeting, GoTo Webinar, GoTo Training of OpenVoice krijgt, ontvangt een welkomstmail, ook als u kiest om niet te melden.
portal-preview = Voorbeeld van e-mails
portal-preview-heading = Bij opslaan wordt verstuurd
portal-preview-none = Er wordt geen e-mail verstuurd.
portal-save = Opslaan
portal-cancel = Annuleren
portal-actions = Acties
portal-suspend = Schorsen
portal-reactivate = Heractiveren
portal-restore = Herstellen
portal-delete = Verwijderen…
portal-delete-confirm = { $name } verwijderen? De licenties komen vrij en alle toegang stopt meteen. De gebruiker kan met producten en rol nog { $days ->
        [one] { $days } dag
       *[other] { $days } dagen
    } worden hersteld; daarna wordt hij definitief verwijderd.
portal-delete-yes = Ja, deze gebruiker verwijderen
portal-history = Geschiedenis
portal-history-empty = Nog geen wijzigingen vastgelegd.
portal-col-when = Wanneer
portal-col-what = Wijziging
portal-col-who = Door
portal-col-notified = Gemeld
portal-yes = Ja
portal-no = Nee

portal-email-products-changed = Producten gewijzigd, aan { $to }: "{ $subject }"
portal-email-role-changed = Rol gewijzigd, aan { $to }: "{ $subject }"
portal-email-getting-started = Aan de slag, aan { $to }: "{ $subject }"
portal-email-invitation = Uitnodiging, aan { $to }: "{ $subject }"

portal-audit-products = producten { $list }
portal-audit-role = rol { $old } → { $new }
portal-audit-role-new = rol { $new }
portal-audit-status = status { $old } → { $new }

portal-action-create = Aangemaakt
portal-action-update = Gewijzigd
portal-action-suspend = Geschorst
portal-action-reactivate = Geheractiveerd
portal-action-delete = Verwijderd
portal-action-restore = Hersteld
portal-action-purge = Definitief verwijderd

portal-password-title = Kies uw wachtwoord
portal-password-intro = Kies het wachtwoord waarmee u zich als { $email } bij Roster aanmeldt.
portal-password-new = Nieuw wachtwoord
portal-password-confirm = Bevestig het nieuwe wachtwoord
portal-password-hint = Minstens { $count } tekens.
portal-password-submit = Mijn wachtwoord opslaan
portal-password-too-short = Het wachtwoord moet minstens { $count } tekens hebben.
portal-password-mismatch = De twee wachtwoorden komen niet overeen.
portal-password-gone-title = Deze link is niet meer geldig
portal-password-gone = Deze link om een wachtwoord te kiezen is niet meer geldig: hij is al gebruikt, verlopen, of er is een nieuwere verstuurd. Vraag uw beheerder om een nieuwe link.
portal-password-to-login = Naar aanmelden
portal-notice-password-set = Uw wachtwoord is opgeslagen. Meld u er nu mee aan.
portal-send-password-link = Wachtwoordlink versturen
portal-password-link-hint = Stuurt { $email } een link om een nieuw wachtwoord te kiezen; hij werkt één keer, binnen 7 dagen.
portal-notice-password-link = Er is een link verstuurd om een wachtwoord te kiezen.
portal-action-password_link = Wachtwoordlink verstuurd
portal-action-set_password = Wachtwoord ingesteld
portal-email-password-reset = Wachtwoordlink, aan { $to }: “{ $subject }”
portal-error-own-access = U kunt uw eigen toegang tot het portaal niet intrekken (door lid te worden, uzelf te blokkeren of te verwijderen). Vraag het een andere beheerder.
portal-error-email-taken = Een andere gebruiker van het account heeft dit e-mailadres al.
portal-error-invalid-email = Dit e-mailadres is niet geldig (verwacht: naam@voorbeeld.nl).
portal-error-invalid-name = Een naam heeft hoogstens 100 tekens en geen regeleinden.
portal-consequence-suspends = Opslaan blokkeert { $name } en meldt die persoon af: geen portaal en geen product meer tot iemand een product of rol toekent.
portal-consequence-reactivates = Opslaan activeert { $name } opnieuw: aanmelden kan weer.
portal-consequence-loses-portal = Opslaan neemt { $name } het portaal af en beëindigt de portaalsessies.
portal-edit-details = Gegevens bewerken
portal-field-email = E-mail
portal-field-first-name = Voornaam
portal-field-last-name = Achternaam
portal-field-locale = Taal van de e-mails
portal-own-access-note = Dit bent u: u kunt uzelf geen lid maken, want dan verliest u uw eigen toegang tot het portaal.
portal-self-actions-note = Dit bent u: een andere beheerder kan u blokkeren of verwijderen, u zelf niet.
portal-reactivate-gives-back = Geeft terug: { $what }
portal-notice-created = De gebruiker is toegevoegd.
portal-via-portal = via het portaal
portal-via-api = via de API
portal-via-scim = via SCIM-provisioning
portal-via-cli = via de opdrachtregel
portal-via-import = via een import
portal-via-system = automatisch
portal-channel-portal = Portaal
portal-channel-api = API
portal-channel-scim = SCIM-provisioning
portal-channel-cli = Opdrachtregel
portal-channel-import = Import
portal-channel-system = Automatisch
portal-actor-person = { $name } { $via }
portal-actor-token = API-token ‘{ $name }’ { $via }
portal-actor-operator = Een beheerder van de server { $via }
portal-actor-roster = Roster, automatisch
portal-audit-email = e-mail { $old } → { $new }
portal-audit-first-name = voornaam { $old } → { $new }
portal-audit-last-name = achternaam { $old } → { $new }
portal-audit-locale = taal { $old } → { $new }
portal-new-user = Gebruiker toevoegen
portal-new-title = Gebruiker toevoegen
portal-new-products-hint = De producten voor nieuwe gebruikers van het account zijn al aangevinkt.
portal-new-preview-heading = Toevoegen verstuurt
portal-new-notify-hint = Een nieuwe manager of beheerder krijgt een uitnodiging om een wachtwoord te kiezen, tenzij u kiest om niet te melden. Wie GoTo Meeting, GoTo Webinar, GoTo Training of OpenVoice voor het eerst krijgt, ontvangt een e-mail om te beginnen, ook zonder melding.
portal-new-suspended-note = Zonder product en met de rol Lid begint deze gebruiker geblokkeerd: aanmelden kan nergens tot u een product of rol toekent.
portal-create = Gebruiker toevoegen
portal-nav-licences = Licenties
portal-nav-history = Geschiedenis
portal-nav-import = Importeren
portal-licences-title = Licenties
portal-licences-intro = De licenties van elk product in het account en wie ze heeft. Een verwijderde gebruiker geeft zijn licenties vrij.
portal-licences-used = In gebruik
portal-licences-limit-col = Limiet
portal-licences-holders-col = Toegekend aan
portal-licences-limit = { $seats ->
        [one] { $seats } licentie
       *[other] { $seats } licenties
    }
portal-licences-unlimited = Onbeperkt
portal-licences-limit-of = Licentielimiet van { $product }
portal-licences-holders = { $count ->
        [0] niemand
        [one] { $count } gebruiker
       *[other] { $count } gebruikers
    }
portal-licences-limit-hint = Laat een limiet leeg voor onbeperkte licenties. Een limiet onder het aantal in gebruik neemt niemand iets af; het voorkomt alleen nieuwe toekenningen.
portal-notice-seats = De licentielimiet is opgeslagen.
portal-notice-new-user-products = De producten voor nieuwe gebruikers zijn opgeslagen.
portal-error-seats-number = Voer een geheel aantal licenties in, of laat leeg voor onbeperkt.
portal-import-title = Gebruikers importeren
portal-import-intro = Upload een CSV-bestand met een kopregel die email noemt en naar keuze first_name, last_name, locale, role en products (productsleutels gescheiden door ;). Een gebruiker met een bestaand e-mailadres wordt bijgewerkt; de rest wordt aangemaakt. U ziet wat elke regel doet voordat er iets verandert.
portal-import-file = CSV-bestand
portal-import-check = Bestand controleren
portal-import-empty = Kies eerst een CSV-bestand.
portal-import-not-utf8 = Dit bestand is geen UTF-8-tekst. Sla het op als ‘CSV UTF-8’ en probeer het opnieuw.
portal-import-unreadable = Het bestand kan niet worden geïmporteerd: { $count ->
        [one] één regel heeft een probleem.
       *[other] { $count } regels hebben problemen.
    } Er is niets gewijzigd.
portal-import-line-error = Regel { $line }: { $message }
portal-import-preview-heading = Wat de import doet
portal-import-done-heading = Import voltooid
portal-import-will-created = { $count ->
        [one] { $count } gebruiker wordt aangemaakt
       *[other] { $count } gebruikers worden aangemaakt
    }
portal-import-will-updated = { $count ->
        [one] { $count } gebruiker wordt bijgewerkt
       *[other] { $count } gebruikers worden bijgewerkt
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } gebruiker is al zoals in het bestand
       *[other] { $count } gebruikers zijn al zoals in het bestand
    }
portal-import-will-failed = { $count ->
        [one] { $count } regel wordt geweigerd
       *[other] { $count } regels worden geweigerd
    }
portal-import-will-email = { $count ->
        [0] er wordt geen e-mail verstuurd
        [one] { $count } e-mail wordt verstuurd
       *[other] { $count } e-mails worden verstuurd
    }
portal-import-done-created = { $count ->
        [one] { $count } gebruiker aangemaakt
       *[other] { $count } gebruikers aangemaakt
    }
portal-import-done-updated = { $count ->
        [one] { $count } gebruiker bijgewerkt
       *[other] { $count } gebruikers bijgewerkt
    }
portal-import-done-unchanged = { $count ->
        [one] { $count } gebruiker ongewijzigd
       *[other] { $count } gebruikers ongewijzigd
    }
portal-import-done-failed = { $count ->
        [one] { $count } regel geweigerd
       *[other] { $count } regels geweigerd
    }
portal-import-row-will-created = Wordt aangemaakt
portal-import-row-will-updated = Wordt bijgewerkt
portal-import-row-will-unchanged = Geen wijziging
portal-import-row-done-created = Aangemaakt
portal-import-row-done-updated = Bijgewerkt
portal-import-row-done-unchanged = Geen wijziging
portal-import-refused = Geweigerd: { $reason }
portal-import-apply = { $count ->
        [one] { $count } wijziging toepassen
       *[other] { $count } wijzigingen toepassen
    }
portal-import-notify-on = De betrokken gebruikers krijgen een melding per e-mail.
portal-import-no-notify-on = De betrokken gebruikers krijgen geen melding (e-mails om te beginnen gaan wel uit).
portal-import-other-file = Ander bestand kiezen
portal-import-another = Nog een bestand importeren
portal-import-line = Regel
portal-import-result = Resultaat
portal-import-emails = E-mails
portal-col-last-sign-in = Laatst aangemeld
portal-never = Nooit

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } van { $total }
portal-range-more = { $from }–{ $to } van meer dan { $total }
portal-prev-page = Vorige pagina
portal-page-size = Per pagina
portal-inactive = Inactief
portal-inactive-any = Alle
portal-inactive-days = { $days ->
    [one] Sinds { $days } dag
   *[other] Sinds { $days } dagen of langer
}
portal-export-csv = Exporteren als CSV
portal-error-filter-named = Het filter ‘{ $field }’ is ongeldig en is weggelaten; de andere filters blijven gelden.
portal-filter-name-status = Status
portal-filter-name-role = Rol
portal-filter-name-product = Product
portal-filter-name-inactive = Inactief
portal-filter-name-sort = Sortering
portal-filter-name-cursor = Pagina
portal-filter-name-user = Gebruiker
portal-filter-name-actor = Gewijzigd door
portal-filter-name-channel = Kanaal
portal-filter-name-since = Van
portal-filter-name-until = Tot
portal-bulk-title = Geselecteerde gebruikers wijzigen
portal-bulk-select = { $name } selecteren
portal-bulk-select-all = { $count ->
    [one] De { $count } gebruiker selecteren die aan dit filter voldoet
   *[other] Alle { $count } gebruikers selecteren die aan dit filter voldoen
}
portal-bulk-select-all-more = Alle gebruikers selecteren die aan dit filter voldoen (meer dan { $count })
portal-bulk-action = Actie
portal-bulk-add_products = Producten toevoegen
portal-bulk-remove_products = Producten verwijderen
portal-bulk-set_role = Rol instellen
portal-bulk-suspend = Blokkeren
portal-bulk-reactivate = Opnieuw activeren
portal-bulk-delete = Verwijderen
portal-bulk-restore = Herstellen
portal-bulk-preview = Voorbeeld
portal-audit-title = Geschiedenis van het account
portal-audit-intro = Elke wijziging aan de gebruikers van het account: wie ze deed, via welk kanaal, ervoor en erna.
portal-audit-user = Gebruiker (e-mail of id)
portal-audit-actor = Gewijzigd door (e-mail)
portal-audit-channel = Kanaal
portal-audit-any-channel = Alle kanalen
portal-audit-since = Van
portal-audit-until = Tot
portal-audit-zone = Datums zijn dagen in UTC. Tijden staan in de tijdzone van uw browser (in UTC zonder scripts).
portal-audit-empty = Geen wijziging voldoet aan deze filters.
portal-audit-no-user = Geen gebruiker van het account heeft dit e-mailadres of deze id.
portal-col-user = Gebruiker
portal-audit-newer = Nieuwer
portal-audit-older = Ouder
portal-audit-first = Nieuwste
portal-action-token_create = API-token aangemaakt
portal-action-token_revoke = API-token ingetrokken

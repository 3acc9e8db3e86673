email-greeting = Hallo { $name },
email-footer = U ontvangt dit bericht omdat uw beheerder uw account { $account } in Roster beheert.
role-member = Lid
role-manager = Manager
role-admin = Beheerder

products-changed-subject = Uw producten zijn gewijzigd
products-changed-intro = Uw beheerder heeft de producten gewijzigd die u kunt gebruiken.
products-changed-added = Toegevoegd: { $list }
products-changed-removed = Verwijderd: { $list }
products-changed-now = Uw producten nu: { $list }
products-changed-none = U hebt op dit moment geen producten.

role-changed-subject = Uw rol is gewijzigd
role-changed-body = Uw rol is gewijzigd van { $old } naar { $new }.

getting-started-subject = Aan de slag met { $product }
getting-started-intro = U kunt nu { $product } gebruiken. Zo begint u:
getting-started-meeting = Download de GoTo-app, meld u aan met dit e-mailadres en kies "Nu vergaderen" om uw eerste vergadering te starten.
getting-started-webinar = Meld u aan bij GoTo Webinar, kies "Webinar plannen" en deel de registratielink met uw publiek.
getting-started-training = Meld u aan bij GoTo Training, maak uw eerste training en nodig deelnemers uit via het Training Center.
getting-started-openvoice = Bel het OpenVoice-nummer van uw account, voer uw conferentiecode in en deel die met de deelnemers.
getting-started-generic = Meld u aan met dit e-mailadres om te beginnen.

invitation-subject = U bent uitgenodigd om gebruikers te beheren in Roster
invitation-body = Uw beheerder heeft u toegang gegeven tot het beheerportaal van { $account }, waar u de gebruikers van uw team en hun producten beheert.
invitation-action = Mijn wachtwoord kiezen
password-link-validity = Open deze link om uw wachtwoord te kiezen: { $link } — hij werkt één keer, binnen 7 dagen.
invitation-sign-in = Meld u aan via { $link } met dit e-mailadres en het wachtwoord dat uw beheerder u geeft.
invitation-sign-in-action = Aanmelden bij het portaal

password-reset-subject = Kies een nieuw wachtwoord voor Roster
password-reset-body = Een beheerder van het account { $account } heeft u een link gestuurd om een nieuw wachtwoord voor het beheerportaal te kiezen.
password-reset-action = Nieuw wachtwoord kiezen
password-reset-ignore = Als u deze e-mail niet verwachtte, negeer hem dan: uw huidige wachtwoord blijft geldig.

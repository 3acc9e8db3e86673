email-greeting = Ciao { $name },
email-footer = Ricevi questo messaggio perché il tuo amministratore gestisce il tuo account { $account } in Roster.
role-member = Membro
role-manager = Responsabile
role-admin = Amministratore

products-changed-subject = I tuoi prodotti sono cambiati
products-changed-intro = Il tuo amministratore ha modificato i prodotti che puoi usare.
products-changed-added = Aggiunti: { $list }
products-changed-removed = Rimossi: { $list }
products-changed-now = I tuoi prodotti ora: { $list }
products-changed-none = Al momento non hai alcun prodotto.

role-changed-subject = Il tuo ruolo è cambiato
role-changed-body = Il tuo ruolo è passato da { $old } a { $new }.

getting-started-subject = Inizia a usare { $product }
getting-started-intro = Ora puoi usare { $product }. Ecco come iniziare:
getting-started-meeting = Scarica l'app GoTo, accedi con questo indirizzo email e scegli «Riunione immediata» per avviare la tua prima riunione.
getting-started-webinar = Accedi a GoTo Webinar, scegli «Pianifica un webinar» e condividi il link di registrazione con il tuo pubblico.
getting-started-training = Accedi a GoTo Training, crea il tuo primo corso e invita i partecipanti dal Training Center.
getting-started-openvoice = Componi il numero OpenVoice del tuo account, inserisci il codice della conferenza e condividilo con i partecipanti.
getting-started-generic = Accedi con questo indirizzo email per iniziare.

invitation-subject = Sei stato invitato a gestire gli utenti in Roster
invitation-body = Il tuo amministratore ti ha dato accesso al portale di amministrazione { $account }, dove gestisci gli utenti del tuo team e i loro prodotti.
invitation-action = Scegli la tua password
password-link-validity = Apri questo link per scegliere la tua password: { $link } — funziona una sola volta, entro 7 giorni.
invitation-sign-in = Accedi su { $link } con questo indirizzo email e la password che ti comunicherà il tuo amministratore.
invitation-sign-in-action = Accedi al portale

password-reset-subject = Scegli una nuova password per Roster
password-reset-body = Un amministratore dell'account { $account } ti ha inviato un link per scegliere una nuova password per il portale di amministrazione.
password-reset-action = Scegli una nuova password
password-reset-ignore = Se non ti aspettavi questa email, ignorala: la tua password attuale resta valida.

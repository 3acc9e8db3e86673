portal-skip = Vai al contenuto
portal-brand-sub = Centro di amministrazione
portal-nav-label = Principale
portal-nav-users = Utenti
portal-nav-deleted = Utenti eliminati
portal-language = Lingua
portal-language-apply = Cambia
portal-sign-out = Esci
portal-back-to-users = Torna agli utenti
portal-error-title = Si è verificato un problema

portal-login-title = Accesso
portal-login-heading = Accedi a Roster
portal-login-intro = Per amministratori e responsabili dell'account.
portal-login-email = E-mail
portal-login-password = Password
portal-login-submit = Accedi
portal-login-refused = Accesso rifiutato. Controlla e-mail e password; possono accedere solo amministratori e responsabili attivi.
portal-login-locked = Troppi tentativi non riusciti. Riprova tra { $minutes ->
        [one] un minuto
       *[other] { $minutes } minuti
    }.

portal-users-title = Utenti
portal-deleted-title = Utenti eliminati
portal-users-count = Utenti trovati: { $count }
portal-users-count-more = Più di { $count } utenti trovati
portal-search = Cerca
portal-search-placeholder = Nome o e-mail
portal-status = Stato
portal-role = Ruolo
portal-product = Prodotto
portal-sort = Ordina per
portal-apply = Applica
portal-no-users = Nessun utente corrisponde a questi filtri.
portal-col-name = Nome
portal-col-email = E-mail
portal-col-days-left = Ripristinabile per
portal-days-left = { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    }
portal-pages = Pagine
portal-first-page = Prima pagina
portal-next-page = Pagina successiva
portal-filter-any-status = Attivi e sospesi
portal-filter-any-role = Qualsiasi ruolo
portal-filter-any-product = Qualsiasi prodotto
portal-sort-email = E-mail
portal-sort-name = Nome
portal-sort-created = Data di aggiunta

portal-status-active = Attivo
portal-status-suspended = Sospeso
portal-status-deleted = Eliminato

portal-notice-saved = Modifiche salvate.
portal-notice-suspended = L'utente è sospeso.
portal-notice-reactivated = L'utente è di nuovo attivo.
portal-notice-deleted = L'utente è stato eliminato. Puoi ripristinarlo da Utenti eliminati.
portal-notice-restored = L'utente è stato ripristinato.

portal-error-filter = Questi filtri non sono validi; vengono mostrati tutti gli utenti.
portal-error-seats = Nessuna licenza libera per { $product }: { $seats ->
        [one] la sua unica licenza è in uso.
       *[other] tutte le { $seats } licenze sono in uso.
    }
portal-error-last-admin = L'ultimo amministratore attivo dell'account deve restare amministratore attivo.
portal-error-forbidden = Non sei autorizzato a fare questa modifica.
portal-error-nothing-to-give-back = Questo utente non è mai stato attivo, quindi non c'è nulla da restituire. Assegnagli invece un prodotto o un ruolo.
portal-error-conflict = Questa modifica non si applica all'utente nel suo stato attuale.
portal-error-invalid = Questo valore non è valido.
portal-error-stale = Qualcuno ha modificato questo utente mentre lo stavi modificando. Non è stato salvato nulla; ecco l'utente com'è adesso.
portal-error-not-found = Questo utente non esiste.
portal-error-internal = Si è verificato un errore interno. Riprova.
portal-error-csrf = Questo modulo è scaduto. Ricarica la pagina e riprova.

portal-read-only-admin = Questo utente è un amministratore: solo un amministratore può modificarlo.
portal-deleted-note = Questo utente è eliminato. Può essere ripristinato ancora per { $days ->
        [one] un giorno
       *[other] { $days } giorni
    }, poi verrà rimosso definitivamente.
portal-products = Prodotti
portal-roles = Ruoli
portal-no-products = Nessun prodotto
portal-edit = Modifica
portal-products-legend = Prodotti che questo utente può usare
portal-role-legend = Ruolo di questo utente
portal-seats-limited = { $used ->
        [one] { $used } licenza usata
       *[other] { $used } licenze usate
    } su { $total }
portal-seats-unlimited = { $used } in uso
portal-gs-tag = E-mail di benvenuto
portal-gs-title = La prima volta che questo prodotto viene assegnato a un utente, viene inviata un'e-mail di benvenuto, anche se scegli di non avvisarlo.
portal-no-seats = Nessuna licenza libera
portal-do-not-notify = Non avvisare gli utenti di questa modifica
portal-gs-hint = La prima volta che qualcuno riceve GoTo Meeting, GoTo Webinar, GoTo Training o OpenVoice, riceve un'e-mail di benvenuto anche se scegli di non avvisarlo.
portal-preview = Anteprima e-mail
portal-preview-heading = Salvando verrà inviato
portal-preview-none = Non verrà inviata alcuna e-mail.
portal-save = Salva
portal-cancel = Annulla
portal-actions = Azioni
portal-suspend = Sospendi
portal-reactivate = Riattiva
portal-restore = Ripristina
portal-delete = Elimina…
portal-delete-confirm = Eliminare { $name }? Le sue licenze vengono liberate e tutti i suoi accessi terminano subito. Può essere ripristinato, con prodotti e ruolo, per { $days ->
        [one] { $days } giorno
       *[other] { $days } giorni
    }; poi viene rimosso definitivamente.
portal-delete-yes = Sì, elimina questo utente
portal-history = Cronologia
portal-history-empty = Nessuna modifica registrata finora.
portal-col-when = Quando
portal-col-what = Modifica
portal-col-who = Da
portal-col-notified = Avvisato
portal-yes = Sì
portal-no = No

portal-email-products-changed = Prodotti modificati, a { $to }: «{ $subject }»
portal-email-role-changed = Ruolo modificato, a { $to }: «{ $subject }»
portal-email-getting-started = Benvenuto, a { $to }: «{ $subject }»
portal-email-invitation = Invito, a { $to }: «{ $subject }»

portal-audit-products = prodotti { $list }
portal-audit-role = ruolo { $old } → { $new }
portal-audit-role-new = ruolo { $new }
portal-audit-status = stato { $old } → { $new }

portal-action-create = Creato
portal-action-update = Modificato
portal-action-suspend = Sospeso
portal-action-reactivate = Riattivato
portal-action-delete = Eliminato
portal-action-restore = Ripristinato
portal-action-purge = Rimosso definitivamente

portal-password-title = Scegli la tua password
portal-password-intro = Scegli la password con cui accederai a Roster come { $email }.
portal-password-new = Nuova password
portal-password-confirm = Conferma la nuova password
portal-password-hint = Almeno { $count } caratteri.
portal-password-submit = Salva la mia password
portal-password-too-short = La password deve avere almeno { $count } caratteri.
portal-password-mismatch = Le due password non coincidono.
portal-password-gone-title = Questo link non è più valido
portal-password-gone = Questo link per scegliere una password non è più valido: è già stato usato, è scaduto o ne è stato inviato uno più recente. Chiedi un nuovo link al tuo amministratore.
portal-password-to-login = Vai all'accesso
portal-notice-password-set = La tua password è salvata. Accedi ora con essa.
portal-send-password-link = Invia un link per la password
portal-password-link-hint = Invia a { $email } un link per scegliere una nuova password; funziona una volta, entro 7 giorni.
portal-notice-password-link = È stato inviato un link per scegliere una password.
portal-action-password_link = Link per la password inviato
portal-action-set_password = Password impostata
portal-email-password-reset = Link per la password, a { $to }: «{ $subject }»
portal-error-own-access = Non puoi toglierti l’accesso al portale (diventando membro, sospendendoti o eliminandoti). Chiedi a un altro amministratore.
portal-error-email-taken = Un altro utente dell’account ha già questo indirizzo email.
portal-error-invalid-email = Questo indirizzo email non è valido (atteso: nome@esempio.it).
portal-error-invalid-name = Un nome ha al massimo 100 caratteri e nessun a capo.
portal-consequence-suspends = Salvando, { $name } viene sospeso e disconnesso: perde il portale e ogni prodotto finché qualcuno non gli assegna un prodotto o un ruolo.
portal-consequence-reactivates = Salvando, { $name } viene riattivato e può accedere di nuovo.
portal-consequence-loses-portal = Salvando, { $name } perde l’accesso al portale e viene disconnesso.
portal-edit-details = Modifica dati
portal-field-email = Email
portal-field-first-name = Nome
portal-field-last-name = Cognome
portal-field-locale = Lingua delle email
portal-own-access-note = Sei tu: non puoi renderti membro, perderesti il tuo accesso al portale.
portal-self-actions-note = Sei tu: un altro amministratore può sospenderti o eliminarti, non tu stesso.
portal-reactivate-gives-back = Restituisce: { $what }
portal-notice-created = L’utente è stato aggiunto.
portal-via-portal = dal portale
portal-via-api = dall’API
portal-via-scim = tramite provisioning SCIM
portal-via-cli = dalla riga di comando
portal-via-import = tramite un’importazione
portal-via-system = automaticamente
portal-channel-portal = Portale
portal-channel-api = API
portal-channel-scim = Provisioning SCIM
portal-channel-cli = Riga di comando
portal-channel-import = Importazione
portal-channel-system = Automatico
portal-actor-person = { $name } { $via }
portal-actor-token = Token API «{ $name }» { $via }
portal-actor-operator = Un operatore { $via }
portal-actor-roster = Roster, automaticamente
portal-audit-email = email { $old } → { $new }
portal-audit-first-name = nome { $old } → { $new }
portal-audit-last-name = cognome { $old } → { $new }
portal-audit-locale = lingua { $old } → { $new }
portal-new-user = Aggiungi un utente
portal-new-title = Aggiungi un utente
portal-new-products-hint = I prodotti per i nuovi utenti dell’account sono già selezionati.
portal-new-preview-heading = Aggiungere questo utente invierà
portal-new-notify-hint = Un nuovo manager o amministratore riceve un invito a scegliere la password, a meno che tu scelga di non avvisare. La prima volta che qualcuno riceve GoTo Meeting, GoTo Webinar, GoTo Training o OpenVoice riceve un’email introduttiva anche senza avviso.
portal-new-suspended-note = Senza prodotti e con il ruolo Membro, questo utente parte sospeso: non può accedere da nessuna parte finché non gli assegni un prodotto o un ruolo.
portal-create = Aggiungi l’utente
portal-nav-licences = Licenze
portal-nav-history = Cronologia
portal-nav-import = Importa
portal-licences-title = Licenze
portal-licences-intro = Le licenze di ogni prodotto dell’account e chi le ha. Un utente eliminato libera le sue licenze.
portal-licences-used = In uso
portal-licences-limit-col = Limite
portal-licences-holders-col = Assegnate a
portal-licences-limit = { $seats ->
        [one] { $seats } licenza
       *[other] { $seats } licenze
    }
portal-licences-unlimited = Illimitate
portal-licences-limit-of = Limite di licenze di { $product }
portal-licences-holders = { $count ->
        [0] nessuno
        [one] { $count } utente
       *[other] { $count } utenti
    }
portal-licences-limit-hint = Lascia vuoto un limite per licenze illimitate. Un limite inferiore alle licenze in uso non toglie nulla a nessuno; impedisce solo nuove assegnazioni.
portal-notice-seats = Il limite di licenze è salvato.
portal-notice-new-user-products = I prodotti per i nuovi utenti sono salvati.
portal-error-seats-number = Inserisci un numero intero di licenze, o lascia vuoto per illimitate.
portal-import-title = Importa utenti
portal-import-intro = Carica un file CSV con una riga di intestazione che nomina email e a scelta first_name, last_name, locale, role e products (chiavi di prodotto separate da ;). Un utente la cui email esiste viene aggiornato; gli altri vengono creati. Vedi cosa farà ogni riga prima che cambi qualcosa.
portal-import-file = File CSV
portal-import-check = Controlla il file
portal-import-empty = Scegli prima un file CSV.
portal-import-not-utf8 = Questo file non è testo UTF-8. Salvalo come «CSV UTF-8» e riprova.
portal-import-unreadable = Il file non può essere importato: { $count ->
        [one] una riga ha un problema.
       *[other] { $count } righe hanno problemi.
    } Non è stato cambiato nulla.
portal-import-line-error = Riga { $line }: { $message }
portal-import-preview-heading = Cosa farà l’importazione
portal-import-done-heading = Importazione completata
portal-import-will-created = { $count ->
        [one] { $count } utente sarà creato
       *[other] { $count } utenti saranno creati
    }
portal-import-will-updated = { $count ->
        [one] { $count } utente sarà aggiornato
       *[other] { $count } utenti saranno aggiornati
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } utente è già come nel file
       *[other] { $count } utenti sono già come nel file
    }
portal-import-will-failed = { $count ->
        [one] { $count } riga sarà rifiutata
       *[other] { $count } righe saranno rifiutate
    }
portal-import-will-email = { $count ->
        [0] nessuna email sarà inviata
        [one] { $count } email sarà inviata
       *[other] { $count } email saranno inviate
    }
portal-import-done-created = { $count ->
        [one] { $count } utente creato
       *[other] { $count } utenti creati
    }
portal-import-done-updated = { $count ->
        [one] { $count } utente aggiornato
       *[other] { $count } utenti aggiornati
    }
portal-import-done-unchanged = { $count ->
        [one] { $count } utente invariato
       *[other] { $count } utenti invariati
    }
portal-import-done-failed = { $count ->
        [one] { $count } riga rifiutata
       *[other] { $count } righe rifiutate
    }
portal-import-row-will-created = Sarà creato
portal-import-row-will-updated = Sarà aggiornato
portal-import-row-will-unchanged = Nessuna modifica
portal-import-row-done-created = Creato
portal-import-row-done-updated = Aggiornato
portal-import-row-done-unchanged = Nessuna modifica
portal-import-refused = Rifiutata: { $reason }
portal-import-apply = { $count ->
        [one] Applica { $count } modifica
       *[other] Applica { $count } modifiche
    }
portal-import-notify-on = Gli utenti interessati ricevono un avviso via email.
portal-import-no-notify-on = Gli utenti interessati non ricevono avvisi (le email introduttive partono comunque).
portal-import-other-file = Scegli un altro file
portal-import-another = Importa un altro file
portal-import-line = Riga
portal-import-result = Risultato
portal-import-emails = Email
portal-col-last-sign-in = Ultimo accesso
portal-never = Mai

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } di { $total }
portal-range-more = { $from }–{ $to } di oltre { $total }
portal-prev-page = Pagina precedente
portal-page-size = Per pagina
portal-inactive = Inattivi
portal-inactive-any = Tutti
portal-inactive-days = { $days ->
    [one] Da { $days } giorno
   *[other] Da { $days } giorni o più
}
portal-export-csv = Esporta CSV
portal-error-filter-named = Il filtro «{ $field }» non è valido ed è stato tralasciato; gli altri filtri restano applicati.
portal-filter-name-status = Stato
portal-filter-name-role = Ruolo
portal-filter-name-product = Prodotto
portal-filter-name-inactive = Inattivi
portal-filter-name-sort = Ordinamento
portal-filter-name-cursor = Pagina
portal-filter-name-user = Utente
portal-filter-name-actor = Modificato da
portal-filter-name-channel = Canale
portal-filter-name-since = Dal
portal-filter-name-until = Al
portal-bulk-title = Modifica gli utenti selezionati
portal-bulk-select = Seleziona { $name }
portal-bulk-select-all = { $count ->
    [one] Seleziona l'utente che corrisponde a questo filtro ({ $count })
   *[other] Seleziona tutti i { $count } utenti che corrispondono a questo filtro
}
portal-bulk-select-all-more = Seleziona tutti gli utenti che corrispondono a questo filtro (oltre { $count })
portal-bulk-action = Azione
portal-bulk-add_products = Aggiungi prodotti
portal-bulk-remove_products = Rimuovi prodotti
portal-bulk-set_role = Imposta il ruolo
portal-bulk-suspend = Sospendi
portal-bulk-reactivate = Riattiva
portal-bulk-delete = Elimina
portal-bulk-restore = Ripristina
portal-bulk-preview = Anteprima
portal-audit-title = Cronologia dell'account
portal-audit-intro = Ogni modifica agli utenti dell'account: chi l'ha fatta, tramite quale canale, prima e dopo.
portal-audit-user = Utente (email o id)
portal-audit-actor = Modificato da (email)
portal-audit-channel = Canale
portal-audit-any-channel = Tutti i canali
portal-audit-since = Dal
portal-audit-until = Al
portal-audit-zone = Le date sono giorni in UTC. Gli orari sono mostrati nel fuso orario del browser (in UTC senza script).
portal-audit-empty = Nessuna modifica corrisponde a questi filtri.
portal-audit-no-user = Nessun utente dell'account ha questa email o questo id.
portal-col-user = Utente
portal-audit-newer = Più recenti
portal-audit-older = Meno recenti
portal-audit-first = I più recenti
portal-action-token_create = Token API creato
portal-action-token_revoke = Token API revocato

# Products for new users (licences page) and bulk changes.
portal-template-title = Prodotti per i nuovi utenti
portal-template-intro = Assegnati a ogni utente creato senza prodotti (nel portale, tramite l'API, con un'importazione CSV senza colonna dei prodotti o con una creazione SCIM di un provider di identità senza diritti), se ci sono licenze disponibili.
portal-template-none = Nessuno
bulk-title-preview = Anteprima della modifica
bulk-title-done = Modifica applicata
bulk-action-label = Azione
bulk-preview = Anteprima
bulk-action-add_products = Aggiungi prodotti
bulk-action-remove_products = Rimuovi prodotti
bulk-action-set_role = Imposta il ruolo
bulk-action-suspend = Sospendi
bulk-action-reactivate = Riattiva
bulk-action-delete = Elimina
bulk-action-restore = Ripristina
bulk-summary-changed = { $count ->
    [one] { $count } utente sarà modificato
   *[other] { $count } utenti saranno modificati
}
bulk-done-changed = { $count ->
    [one] { $count } utente è stato modificato
   *[other] { $count } utenti sono stati modificati
}
bulk-summary-unchanged = { $count ->
    [one] { $count } utente è già così (invariato)
   *[other] { $count } utenti sono già così (invariati)
}
bulk-summary-refused = { $count ->
    [one] { $count } utente è rifiutato
   *[other] { $count } utenti sono rifiutati
}
bulk-email-products_changed = { $count ->
    [one] { $count } e-mail «prodotti modificati»
   *[other] { $count } e-mail «prodotti modificati»
}
bulk-email-role_changed = { $count ->
    [one] { $count } e-mail «ruolo modificato»
   *[other] { $count } e-mail «ruolo modificato»
}
bulk-email-getting_started = { $count ->
    [one] { $count } e-mail di primi passi
   *[other] { $count } e-mail di primi passi
}
bulk-more = { $count ->
    [one] …e { $count } altro
   *[other] …e altri { $count }
}
bulk-apply = { $count ->
    [one] Applica a { $count } utente
   *[other] Applica a { $count } utenti
}
bulk-select-all = { $count ->
    [one] Seleziona l’utente che corrisponde al filtro
   *[other] Seleziona tutti i { $count } utenti che corrispondono al filtro
}
bulk-emails-heading = E-mail
bulk-no-emails = Non verrà inviata nessuna e-mail.
bulk-losing-portal-heading = Questi utenti perdono l’accesso al portale (le loro sessioni terminano)
bulk-changed-heading = Utenti da modificare
bulk-changed-heading-done = Utenti modificati
bulk-unchanged-heading = Utenti invariati
bulk-refused-heading = Utenti rifiutati
bulk-col-reason = Motivo
bulk-cancel = Torna all’elenco
bulk-no-notify-on = Gli utenti non vengono avvisati di questa modifica (le e-mail di primi passi partono comunque).
bulk-notify-on = Gli utenti vengono avvisati di questa modifica per e-mail.
bulk-error-seats-short = Licenze insufficienti per { $product }: questa modifica ne richiede { $needed } e ne restano { $left }. Non è stato modificato nulla.
bulk-error-nothing-selected = Seleziona degli utenti, o tutti gli utenti che corrispondono al filtro.

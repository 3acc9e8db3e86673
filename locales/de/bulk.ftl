# Products for new users (licences page) and bulk changes.
portal-template-title = Produkte für neue Benutzer
portal-template-intro = Erhält jeder Benutzer, der ohne Produkte angelegt wird (im Portal, über die API, per CSV-Import ohne Produktspalte oder per SCIM-Anlage eines Identitätsanbieters ohne Berechtigungen), sofern Lizenzen frei sind.
portal-template-none = Keine
bulk-title-preview = Vorschau der Änderung
bulk-title-done = Änderung übernommen
bulk-action-label = Aktion
bulk-preview = Vorschau
bulk-action-add_products = Produkte hinzufügen
bulk-action-remove_products = Produkte entfernen
bulk-action-set_role = Rolle festlegen
bulk-action-suspend = Sperren
bulk-action-reactivate = Reaktivieren
bulk-action-delete = Löschen
bulk-action-restore = Wiederherstellen
bulk-summary-changed = { $count ->
    [one] { $count } Benutzer wird geändert
   *[other] { $count } Benutzer werden geändert
}
bulk-done-changed = { $count ->
    [one] { $count } Benutzer wurde geändert
   *[other] { $count } Benutzer wurden geändert
}
bulk-summary-unchanged = { $count ->
    [one] { $count } Benutzer ist schon so (unverändert)
   *[other] { $count } Benutzer sind schon so (unverändert)
}
bulk-summary-refused = { $count ->
    [one] { $count } Benutzer wird abgelehnt
   *[other] { $count } Benutzer werden abgelehnt
}
bulk-email-products_changed = { $count ->
    [one] { $count } E-Mail „Produkte geändert“
   *[other] { $count } E-Mails „Produkte geändert“
}
bulk-email-role_changed = { $count ->
    [one] { $count } E-Mail „Rolle geändert“
   *[other] { $count } E-Mails „Rolle geändert“
}
bulk-email-getting_started = { $count ->
    [one] { $count } E-Mail „Erste Schritte“
   *[other] { $count } E-Mails „Erste Schritte“
}
bulk-more = { $count ->
    [one] …und { $count } weiterer
   *[other] …und { $count } weitere
}
bulk-apply = { $count ->
    [one] Auf { $count } Benutzer anwenden
   *[other] Auf { $count } Benutzer anwenden
}
bulk-select-all = { $count ->
    [one] Den { $count } Benutzer auswählen, der dem Filter entspricht
   *[other] Alle { $count } Benutzer auswählen, die dem Filter entsprechen
}
bulk-emails-heading = E-Mails
bulk-no-emails = Es wird keine E-Mail gesendet.
bulk-losing-portal-heading = Diese Benutzer verlieren den Portalzugang (ihre Sitzungen enden)
bulk-changed-heading = Zu ändernde Benutzer
bulk-changed-heading-done = Geänderte Benutzer
bulk-unchanged-heading = Unveränderte Benutzer
bulk-refused-heading = Abgelehnte Benutzer
bulk-col-reason = Grund
bulk-cancel = Zurück zur Liste
bulk-no-notify-on = Die Benutzer werden über diese Änderung nicht benachrichtigt (E-Mails „Erste Schritte“ gehen trotzdem).
bulk-notify-on = Die Benutzer werden per E-Mail über diese Änderung benachrichtigt.
bulk-error-seats-short = Nicht genug Lizenzen für { $product }: Diese Änderung braucht { $needed }, frei sind { $left }. Nichts wurde geändert.
bulk-error-nothing-selected = Wählen Sie Benutzer aus oder alle Benutzer, die dem Filter entsprechen.

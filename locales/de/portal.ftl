portal-skip = Zum Inhalt springen
portal-brand-sub = Verwaltungszentrale
portal-nav-label = Hauptmenü
portal-nav-users = Benutzer
portal-nav-deleted = Gelöschte Benutzer
portal-language = Sprache
portal-language-apply = Wechseln
portal-sign-out = Abmelden
portal-back-to-users = Zurück zu den Benutzern
portal-error-title = Etwas ist schiefgelaufen

portal-login-title = Anmelden
portal-login-heading = Bei Roster anmelden
portal-login-intro = Für Administratoren und Manager des Kontos.
portal-login-email = E-Mail
portal-login-password = Passwort
portal-login-submit = Anmelden
portal-login-refused = Anmeldung abgelehnt. Prüfen Sie E-Mail und Passwort; nur aktive Administratoren und Manager können sich anmelden.
portal-login-locked = Zu viele fehlgeschlagene Versuche. Versuchen Sie es in { $minutes ->
        [one] einer Minute
       *[other] { $minutes } Minuten
    } erneut.

portal-users-title = Benutzer
portal-deleted-title = Gelöschte Benutzer
portal-users-count = Gefundene Benutzer: { $count }
portal-users-count-more = Mehr als { $count } Benutzer gefunden
portal-search = Suchen
portal-search-placeholder = Name oder E-Mail
portal-status = Status
portal-role = Rolle
portal-product = Produkt
portal-sort = Sortieren nach
portal-apply = Anwenden
portal-no-users = Kein Benutzer entspricht diesen Filtern.
portal-col-name = Name
portal-col-email = E-Mail
portal-col-days-left = Wiederherstellbar für
portal-days-left = { $days ->
        [one] { $days } Tag
       *[other] { $days } Tage
    }
portal-pages = Seiten
portal-first-page = Erste Seite
portal-next-page = Nächste Seite
portal-filter-any-status = Aktiv und gesperrt
portal-filter-any-role = Alle Rollen
portal-filter-any-product = Alle Produkte
portal-sort-email = E-Mail
portal-sort-name = Name
portal-sort-created = Hinzugefügt am

portal-status-active = Aktiv
portal-status-suspended = Gesperrt
portal-status-deleted = Gelöscht

portal-notice-saved = Änderungen gespeichert.
portal-notice-suspended = Der Benutzer ist gesperrt.
portal-notice-reactivated = Der Benutzer ist wieder aktiv.
portal-notice-deleted = Der Benutzer wurde gelöscht. Unter „Gelöschte Benutzer“ können Sie ihn wiederherstellen.
portal-notice-restored = Der Benutzer wurde wiederhergestellt.

portal-error-filter = Diese Filter sind ungültig; alle Benutzer werden angezeigt.
portal-error-seats = Keine Lizenzen mehr frei für { $product }: { $seats ->
        [one] die einzige Lizenz ist vergeben.
       *[other] alle { $seats } Lizenzen sind vergeben.
    }
portal-error-last-admin = Der letzte aktive Administrator des Kontos muss aktiver Administrator bleiben.
portal-error-forbidden = Sie dürfen diese Änderung nicht vornehmen.
portal-error-nothing-to-give-back = Dieser Benutzer war nie aktiv, es gibt also nichts zurückzugeben. Geben Sie ihm stattdessen ein Produkt oder eine Rolle.
portal-error-conflict = Diese Änderung passt nicht zum aktuellen Zustand des Benutzers.
portal-error-invalid = Dieser Wert ist ungültig.
portal-error-stale = Jemand hat diesen Benutzer während Ihrer Bearbeitung geändert. Nichts wurde gespeichert; hier ist der aktuelle Stand.
portal-error-not-found = Diesen Benutzer gibt es nicht.
portal-error-internal = Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es erneut.
portal-error-csrf = Dieses Formular ist abgelaufen. Laden Sie die Seite neu und versuchen Sie es erneut.

portal-read-only-admin = Dieser Benutzer ist Administrator: Nur ein Administrator kann ihn ändern.
portal-deleted-note = Dieser Benutzer ist gelöscht. Er kann noch { $days ->
        [one] einen Tag
       *[other] { $days } Tage
    } lang wiederhergestellt werden, danach wird er endgültig entfernt.
portal-products = Produkte
portal-roles = Rollen
portal-no-products = Keine Produkte
portal-edit = Bearbeiten
portal-products-legend = Produkte, die dieser Benutzer nutzen kann
portal-role-legend = Rolle dieses Benutzers
portal-seats-limited = { $used } von { $total ->
        [one] { $total } Lizenz
       *[other] { $total } Lizenzen
    } vergeben
portal-seats-unlimited = { $used } in Verwendung
portal-gs-tag = Erste-Schritte-E-Mail
portal-gs-title = Wenn ein Benutzer dieses Produkt zum ersten Mal erhält, wird eine Erste-Schritte-E-Mail gesendet, auch wenn Sie keine Benachrichtigung wählen.
portal-no-seats = Keine Lizenzen frei
portal-do-not-notify = Benutzer nicht über diese Änderung benachrichtigen
portal-gs-hint = Wer GoTo Meeting, GoTo Webinar, GoTo Training oder OpenVoice zum ersten Mal erhält, bekommt eine Erste-Schritte-E-Mail, auch wenn Sie keine Benachrichtigung wählen.
portal-preview = E-Mail-Vorschau
portal-preview-heading = Beim Speichern wird gesendet
portal-preview-none = Es wird keine E-Mail gesendet.
portal-save = Speichern
portal-cancel = Abbrechen
portal-actions = Aktionen
portal-suspend = Sperren
portal-reactivate = Reaktivieren
portal-restore = Wiederherstellen
portal-delete = Löschen…
portal-delete-confirm = { $name } löschen? Die Lizenzen werden frei und alle Zugänge enden sofort. Der Benutzer kann mit Produkten und Rolle { $days ->
        [one] einen Tag
       *[other] { $days } Tage
    } lang wiederhergestellt werden; danach wird er endgültig entfernt.
portal-delete-yes = Ja, diesen Benutzer löschen
portal-history = Verlauf
portal-history-empty = Noch keine Änderungen erfasst.
portal-col-when = Wann
portal-col-what = Änderung
portal-col-who = Von
portal-col-notified = Benachrichtigt
portal-yes = Ja
portal-no = Nein

portal-email-products-changed = Produkte geändert, an { $to }: „{ $subject }“
portal-email-role-changed = Rolle geändert, an { $to }: „{ $subject }“
portal-email-getting-started = Erste Schritte, an { $to }: „{ $subject }“
portal-email-invitation = Einladung, an { $to }: „{ $subject }“

portal-audit-products = Produkte { $list }
portal-audit-role = Rolle { $old } → { $new }
portal-audit-role-new = Rolle { $new }
portal-audit-status = Status { $old } → { $new }

portal-action-create = Angelegt
portal-action-update = Bearbeitet
portal-action-suspend = Gesperrt
portal-action-reactivate = Reaktiviert
portal-action-delete = Gelöscht
portal-action-restore = Wiederhergestellt
portal-action-purge = Endgültig entfernt

portal-password-title = Wählen Sie Ihr Passwort
portal-password-intro = Wählen Sie das Passwort, mit dem Sie sich als { $email } bei Roster anmelden.
portal-password-new = Neues Passwort
portal-password-confirm = Neues Passwort bestätigen
portal-password-hint = Mindestens { $count } Zeichen.
portal-password-submit = Passwort speichern
portal-password-too-short = Das Passwort muss mindestens { $count } Zeichen haben.
portal-password-mismatch = Die beiden Passwörter stimmen nicht überein.
portal-password-gone-title = Dieser Link ist nicht mehr gültig
portal-password-gone = Dieser Link zum Festlegen eines Passworts ist nicht mehr gültig: Er wurde bereits verwendet, ist abgelaufen, oder ein neuerer wurde gesendet. Bitten Sie Ihren Administrator um einen neuen Link.
portal-password-to-login = Zur Anmeldung
portal-notice-password-set = Ihr Passwort ist gespeichert. Melden Sie sich jetzt damit an.
portal-send-password-link = Passwort-Link senden
portal-password-link-hint = Sendet { $email } einen Link, um ein neues Passwort zu wählen; er gilt einmal, innerhalb von 7 Tagen.
portal-notice-password-link = Ein Link zum Festlegen eines Passworts wurde gesendet.
portal-action-password_link = Passwort-Link gesendet
portal-action-set_password = Passwort festgelegt
portal-email-password-reset = Passwort-Link, an { $to }: „{ $subject }“
portal-error-own-access = Sie können sich nicht selbst den Zugang zum Portal entziehen (als Mitglied, durch Sperren oder Löschen). Bitten Sie einen anderen Administrator.
portal-error-email-taken = Ein anderer Benutzer des Kontos hat bereits diese E-Mail-Adresse.
portal-error-invalid-email = Diese E-Mail-Adresse ist ungültig (erwartet: name@beispiel.de).
portal-error-invalid-name = Ein Name hat höchstens 100 Zeichen und keine Zeilenumbrüche.
portal-consequence-suspends = Speichern sperrt { $name } und meldet die Person ab: kein Portal und kein Produkt mehr, bis jemand ein Produkt oder eine Rolle zuweist.
portal-consequence-reactivates = Speichern reaktiviert { $name }: die Anmeldung ist wieder möglich.
portal-consequence-loses-portal = Speichern entzieht { $name } das Portal und beendet die Portal-Sitzungen.
portal-edit-details = Angaben bearbeiten
portal-field-email = E-Mail
portal-field-first-name = Vorname
portal-field-last-name = Nachname
portal-field-locale = Sprache der E-Mails
portal-own-access-note = Das sind Sie: Sie können sich nicht selbst zum Mitglied machen, das würde Ihren eigenen Portalzugang beenden.
portal-self-actions-note = Das sind Sie: ein anderer Administrator kann Sie sperren oder löschen, Sie selbst nicht.
portal-reactivate-gives-back = Gibt zurück: { $what }
portal-notice-created = Der Benutzer wurde hinzugefügt.
portal-via-portal = über das Portal
portal-via-api = über die API
portal-via-scim = über SCIM-Bereitstellung
portal-via-cli = über die Befehlszeile
portal-via-import = über einen Import
portal-via-system = automatisch
portal-channel-portal = Portal
portal-channel-api = API
portal-channel-scim = SCIM-Bereitstellung
portal-channel-cli = Befehlszeile
portal-channel-import = Import
portal-channel-system = Automatisch
portal-actor-person = { $name } { $via }
portal-actor-token = API-Token „{ $name }“ { $via }
portal-actor-operator = Ein Betreiber { $via }
portal-actor-roster = Roster, automatisch
portal-audit-email = E-Mail { $old } → { $new }
portal-audit-first-name = Vorname { $old } → { $new }
portal-audit-last-name = Nachname { $old } → { $new }
portal-audit-locale = Sprache { $old } → { $new }
portal-new-user = Benutzer hinzufügen
portal-new-title = Benutzer hinzufügen
portal-new-products-hint = Die Produkte für neue Benutzer des Kontos sind bereits angekreuzt.
portal-new-preview-heading = Das Hinzufügen sendet
portal-new-notify-hint = Ein neuer Manager oder Administrator erhält eine Einladung zum Festlegen des Passworts, außer Sie wählen, nicht zu benachrichtigen. Wer GoTo Meeting, GoTo Webinar, GoTo Training oder OpenVoice zum ersten Mal erhält, bekommt eine Erste-Schritte-E-Mail, auch ohne Benachrichtigung.
portal-new-suspended-note = Ohne Produkt und mit der Rolle Mitglied ist dieser Benutzer von Anfang an gesperrt: er kann sich nirgends anmelden, bis Sie ein Produkt oder eine Rolle zuweisen.
portal-create = Benutzer hinzufügen
portal-nav-licences = Lizenzen
portal-nav-history = Verlauf
portal-nav-import = Import
portal-licences-title = Lizenzen
portal-licences-intro = Die Lizenzen jedes Produkts im Konto und wer sie hat. Ein gelöschter Benutzer gibt seine Lizenzen frei.
portal-licences-used = Vergeben
portal-licences-limit-col = Limit
portal-licences-holders-col = Zugewiesen an
portal-licences-limit = { $seats ->
        [one] { $seats } Lizenz
       *[other] { $seats } Lizenzen
    }
portal-licences-unlimited = Unbegrenzt
portal-licences-limit-of = Lizenzlimit von { $product }
portal-licences-holders = { $count ->
        [0] niemanden
        [one] { $count } Benutzer
       *[other] { $count } Benutzer
    }
portal-licences-limit-hint = Lassen Sie ein Limit leer für unbegrenzte Lizenzen. Ein Limit unter den vergebenen Lizenzen nimmt niemandem etwas weg; es verhindert nur neue Zuweisungen.
portal-notice-seats = Das Lizenzlimit ist gespeichert.
portal-notice-new-user-products = Die Produkte für neue Benutzer sind gespeichert.
portal-error-seats-number = Geben Sie eine ganze Zahl ein oder lassen Sie das Feld für unbegrenzt leer.
portal-import-title = Benutzer importieren
portal-import-intro = Laden Sie eine CSV-Datei hoch, deren Kopfzeile email und beliebige von first_name, last_name, locale, role und products (Produktschlüssel durch ; getrennt) nennt. Vorhandene E-Mail-Adressen werden aktualisiert, die anderen angelegt. Sie sehen vorher, was jede Zeile bewirkt.
portal-import-file = CSV-Datei
portal-import-check = Datei prüfen
portal-import-empty = Wählen Sie zuerst eine CSV-Datei.
portal-import-not-utf8 = Diese Datei ist kein UTF-8-Text. Speichern Sie sie als „CSV UTF-8“ und versuchen Sie es erneut.
portal-import-unreadable = Die Datei kann nicht importiert werden: { $count ->
        [one] eine Zeile ist fehlerhaft.
       *[other] { $count } Zeilen sind fehlerhaft.
    } Nichts wurde geändert.
portal-import-line-error = Zeile { $line }: { $message }
portal-import-preview-heading = Was der Import bewirkt
portal-import-done-heading = Import abgeschlossen
portal-import-will-created = { $count ->
        [one] { $count } Benutzer wird angelegt
       *[other] { $count } Benutzer werden angelegt
    }
portal-import-will-updated = { $count ->
        [one] { $count } Benutzer wird aktualisiert
       *[other] { $count } Benutzer werden aktualisiert
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } Benutzer entspricht bereits der Datei
       *[other] { $count } Benutzer entsprechen bereits der Datei
    }
portal-import-will-failed = { $count ->
        [one] { $count } Zeile wird abgelehnt
       *[other] { $count } Zeilen werden abgelehnt
    }
portal-import-will-email = { $count ->
        [0] keine E-Mail wird gesendet
        [one] { $count } E-Mail wird gesendet
       *[other] { $count } E-Mails werden gesendet
    }
portal-import-done-created = { $count } angelegt
portal-import-done-updated = { $count } aktualisiert
portal-import-done-unchanged = { $count } unverändert
portal-import-done-failed = { $count ->
        [one] { $count } Zeile abgelehnt
       *[other] { $count } Zeilen abgelehnt
    }
portal-import-row-will-created = Wird angelegt
portal-import-row-will-updated = Wird aktualisiert
portal-import-row-will-unchanged = Keine Änderung
portal-import-row-done-created = Angelegt
portal-import-row-done-updated = Aktualisiert
portal-import-row-done-unchanged = Keine Änderung
portal-import-refused = Abgelehnt: { $reason }
portal-import-apply = { $count ->
        [one] { $count } Änderung anwenden
       *[other] { $count } Änderungen anwenden
    }
portal-import-notify-on = Die betroffenen Benutzer werden per E-Mail benachrichtigt.
portal-import-no-notify-on = Die betroffenen Benutzer werden nicht benachrichtigt (Erste-Schritte-E-Mails gehen trotzdem hinaus).
portal-import-other-file = Andere Datei wählen
portal-import-another = Weitere Datei importieren
portal-import-line = Zeile
portal-import-result = Ergebnis
portal-import-emails = E-Mails
portal-col-last-sign-in = Letzte Anmeldung
portal-never = Nie

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } von { $total }
portal-range-more = { $from }–{ $to } von mehr als { $total }
portal-prev-page = Vorherige Seite
portal-page-size = Pro Seite
portal-inactive = Inaktiv
portal-inactive-any = Alle
portal-inactive-days = { $days ->
    [one] Seit { $days } Tag
   *[other] Seit { $days } Tagen oder länger
}
portal-export-csv = Als CSV exportieren
portal-error-filter-named = Der Filter „{ $field }“ ist ungültig und wurde weggelassen; die übrigen Filter gelten weiter.
portal-filter-name-status = Status
portal-filter-name-role = Rolle
portal-filter-name-product = Produkt
portal-filter-name-inactive = Inaktiv
portal-filter-name-sort = Sortierung
portal-filter-name-cursor = Seite
portal-filter-name-user = Benutzer
portal-filter-name-actor = Geändert von
portal-filter-name-channel = Kanal
portal-filter-name-since = Von
portal-filter-name-until = Bis
portal-bulk-title = Ausgewählte Benutzer ändern
portal-bulk-select = { $name } auswählen
portal-bulk-select-all = { $count ->
    [one] Den { $count } Benutzer auswählen, der diesem Filter entspricht
   *[other] Alle { $count } Benutzer auswählen, die diesem Filter entsprechen
}
portal-bulk-select-all-more = Alle Benutzer auswählen, die diesem Filter entsprechen (mehr als { $count })
portal-bulk-action = Aktion
portal-bulk-add_products = Produkte hinzufügen
portal-bulk-remove_products = Produkte entfernen
portal-bulk-set_role = Rolle festlegen
portal-bulk-suspend = Sperren
portal-bulk-reactivate = Reaktivieren
portal-bulk-delete = Löschen
portal-bulk-restore = Wiederherstellen
portal-bulk-preview = Vorschau
portal-audit-title = Verlauf des Kontos
portal-audit-intro = Jede Änderung an den Benutzern des Kontos: wer sie vorgenommen hat, über welchen Kanal, vorher und nachher.
portal-audit-user = Benutzer (E-Mail oder ID)
portal-audit-actor = Geändert von (E-Mail)
portal-audit-channel = Kanal
portal-audit-any-channel = Alle Kanäle
portal-audit-since = Von
portal-audit-until = Bis
portal-audit-zone = Datumsangaben sind Tage in UTC. Uhrzeiten erscheinen in der Zeitzone Ihres Browsers (ohne Skripte in UTC).
portal-audit-empty = Keine Änderung entspricht diesen Filtern.
portal-audit-no-user = Kein Benutzer des Kontos hat diese E-Mail-Adresse oder ID.
portal-col-user = Benutzer
portal-audit-newer = Neuere
portal-audit-older = Ältere
portal-audit-first = Neueste
portal-action-token_create = API-Token erstellt
portal-action-token_revoke = API-Token widerrufen

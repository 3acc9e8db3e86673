email-greeting = Hallo { $name },
email-footer = Sie erhalten diese Nachricht, weil Ihr Administrator Ihr Konto { $account } in Roster verwaltet.
role-member = Mitglied
role-manager = Manager
role-admin = Administrator

products-changed-subject = Ihre Produkte wurden geändert
products-changed-intro = Ihr Administrator hat die Produkte geändert, die Sie nutzen können.
products-changed-added = Hinzugefügt: { $list }
products-changed-removed = Entfernt: { $list }
products-changed-now = Ihre Produkte jetzt: { $list }
products-changed-none = Sie haben derzeit keine Produkte.

role-changed-subject = Ihre Rolle wurde geändert
role-changed-body = Ihre Rolle wurde von { $old } zu { $new } geändert.

getting-started-subject = Erste Schritte mit { $product }
getting-started-intro = Sie können jetzt { $product } nutzen. So fangen Sie an:
getting-started-meeting = Laden Sie die GoTo-App herunter, melden Sie sich mit dieser E-Mail-Adresse an und wählen Sie „Jetzt besprechen“, um Ihr erstes Meeting zu starten.
getting-started-webinar = Melden Sie sich bei GoTo Webinar an, wählen Sie „Webinar planen“ und teilen Sie den Anmeldelink mit Ihrem Publikum.
getting-started-training = Melden Sie sich bei GoTo Training an, erstellen Sie Ihre erste Schulung und laden Sie Teilnehmende über das Training Center ein.
getting-started-openvoice = Wählen Sie die OpenVoice-Nummer Ihres Kontos, geben Sie Ihren Konferenzcode ein und teilen Sie ihn mit den Teilnehmenden.
getting-started-generic = Melden Sie sich mit dieser E-Mail-Adresse an, um loszulegen.

invitation-subject = Sie wurden eingeladen, Benutzer in Roster zu verwalten
invitation-body = Ihr Administrator hat Ihnen Zugang zum Verwaltungsportal { $account } gegeben, in dem Sie die Benutzer Ihres Teams und deren Produkte verwalten.
invitation-action = Passwort wählen
password-link-validity = Öffnen Sie diesen Link, um Ihr Passwort zu wählen: { $link } — er gilt einmal, innerhalb von 7 Tagen.
invitation-sign-in = Melden Sie sich unter { $link } mit dieser E-Mail-Adresse und dem Passwort an, das Ihnen Ihr Administrator mitteilt.
invitation-sign-in-action = Beim Portal anmelden

password-reset-subject = Wählen Sie ein neues Passwort für Roster
password-reset-body = Ein Administrator des Kontos { $account } hat Ihnen einen Link gesendet, um ein neues Passwort für das Verwaltungsportal zu wählen.
password-reset-action = Neues Passwort wählen
password-reset-ignore = Wenn Sie diese E-Mail nicht erwartet haben, ignorieren Sie sie: Ihr bisheriges Passwort bleibt gültig.

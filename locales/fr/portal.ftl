portal-skip = Aller au contenu
portal-brand-sub = Centre d’administration
portal-nav-label = Principal
portal-nav-users = Utilisateurs
portal-nav-deleted = Utilisateurs supprimés
portal-language = Langue
portal-language-apply = Changer
portal-sign-out = Se déconnecter
portal-back-to-users = Retour aux utilisateurs
portal-error-title = Un problème est survenu

portal-login-title = Connexion
portal-login-heading = Se connecter à Roster
portal-login-intro = Réservé aux administrateurs et gestionnaires du compte.
portal-login-email = E-mail
portal-login-password = Mot de passe
portal-login-submit = Se connecter
portal-login-refused = Connexion refusée. Vérifiez votre e-mail et votre mot de passe ; seuls les administrateurs et gestionnaires actifs peuvent se connecter.
portal-login-locked = Trop de tentatives échouées. Réessayez dans { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.

portal-users-title = Gérer les utilisateurs
portal-deleted-title = Utilisateurs supprimés
portal-users-count = Utilisateurs trouvés : { $count }
portal-users-count-more = Plus de { $count } utilisateurs trouvés
portal-search = Rechercher
portal-search-placeholder = Nom ou e-mail
portal-status = Statut
portal-role = Rôle
portal-product = Produit
portal-sort = Trier par
portal-apply = Appliquer
portal-no-users = Aucun utilisateur ne correspond à ces filtres.
portal-col-name = Nom
portal-col-email = E-mail
portal-col-days-left = Restaurable pendant
portal-days-left = { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }
portal-pages = Pages
portal-first-page = Première page
portal-next-page = Page suivante
portal-filter-any-status = Actifs et suspendus
portal-filter-any-role = Tous les rôles
portal-filter-any-product = Tous les produits
portal-sort-email = E-mail
portal-sort-name = Nom
portal-sort-created = Date d’ajout

portal-status-active = Actif
portal-status-suspended = Suspendu
portal-status-deleted = Supprimé

portal-notice-saved = Modifications enregistrées.
portal-notice-suspended = L’utilisateur est suspendu.
portal-notice-reactivated = L’utilisateur est de nouveau actif.
portal-notice-deleted = L’utilisateur a été supprimé. Vous pouvez le restaurer depuis Utilisateurs supprimés.
portal-notice-restored = L’utilisateur a été restauré.

portal-error-filter = Ces filtres ne sont pas valides ; tous les utilisateurs sont affichés.
portal-error-seats = Plus de licences disponibles pour { $product } : { $seats ->
        [one] sa seule licence est utilisée.
       *[other] les { $seats } licences sont toutes utilisées.
    }
portal-error-last-admin = Le dernier administrateur actif du compte doit rester administrateur actif.
portal-error-forbidden = Vous n’êtes pas autorisé à faire cette modification.
portal-error-nothing-to-give-back = Cet utilisateur n’a jamais été actif : il n’y a rien à lui rendre. Attribuez-lui plutôt un produit ou un rôle.
portal-error-conflict = Cette modification ne s’applique pas à l’utilisateur dans son état actuel.
portal-error-invalid = Cette valeur n’est pas valide.
portal-error-stale = Quelqu’un a modifié cet utilisateur pendant votre saisie. Rien n’a été enregistré ; voici l’utilisateur tel qu’il est maintenant.
portal-error-not-found = Cet utilisateur n’existe pas.
portal-error-internal = Une erreur interne est survenue. Veuillez réessayer.
portal-error-csrf = Ce formulaire a expiré. Rechargez la page et réessayez.

portal-read-only-admin = Cet utilisateur est administrateur : seul un administrateur peut le modifier.
portal-deleted-note = Cet utilisateur est supprimé. Il peut être restauré pendant encore { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }, puis il sera effacé définitivement.
portal-products = Produits
portal-roles = Rôles
portal-no-products = Aucun produit
portal-edit = Modifier
portal-products-legend = Produits que cet utilisateur peut utiliser
portal-role-legend = Rôle de cet utilisateur
portal-seats-limited = { $used ->
        [one] { $used } licence utilisée
       *[other] { $used } licences utilisées
    } sur { $total }
portal-seats-unlimited = { $used ->
        [one] { $used } licence utilisée
       *[other] { $used } licences utilisées
    }
portal-gs-tag = E-mail de démarrage
portal-gs-title = La première fois que ce produit est attribué à un utilisateur, un e-mail de démarrage est envoyé, même si vous choisissez de ne pas l’avertir.
portal-no-seats = Plus de licences
portal-do-not-notify = Ne pas avertir les utilisateurs de ce changement
portal-gs-hint = La première fois qu’une personne reçoit GoTo Meeting, GoTo Webinar, GoTo Training ou OpenVoice, elle reçoit un e-mail de démarrage, même si vous choisissez de ne pas l’avertir.
portal-preview = Aperçu des e-mails
portal-preview-heading = L’enregistrement enverra
portal-preview-none = Aucun e-mail ne sera envoyé.
portal-save = Enregistrer
portal-cancel = Annuler
portal-actions = Actions
portal-suspend = Suspendre
portal-reactivate = Réactiver
portal-restore = Restaurer
portal-delete = Supprimer…
portal-delete-confirm = Supprimer { $name } ? Ses licences sont libérées et tous ses accès prennent fin immédiatement. L’utilisateur peut être restauré, avec ses produits et son rôle, pendant { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    } ; ensuite il est effacé définitivement.
portal-delete-yes = Oui, supprimer cet utilisateur
portal-history = Historique
portal-history-empty = Aucune modification enregistrée pour l’instant.
portal-col-when = Date
portal-col-what = Modification
portal-col-who = Par
portal-col-notified = Averti
portal-yes = Oui
portal-no = Non

portal-email-products-changed = Produits modifiés, à { $to } : « { $subject } »
portal-email-role-changed = Rôle modifié, à { $to } : « { $subject } »
portal-email-getting-started = Bien démarrer, à { $to } : « { $subject } »
portal-email-invitation = Invitation, à { $to } : « { $subject } »

portal-audit-products = produits { $list }
portal-audit-role = rôle { $old } → { $new }
portal-audit-role-new = rôle { $new }
portal-audit-status = statut { $old } → { $new }

portal-action-create = Créé
portal-action-update = Modifié
portal-action-suspend = Suspendu
portal-action-reactivate = Réactivé
portal-action-delete = Supprimé
portal-action-restore = Restauré
portal-action-purge = Effacé

portal-password-title = Choisissez votre mot de passe
portal-password-intro = Choisissez le mot de passe avec lequel vous vous connecterez à Roster en tant que { $email }.
portal-password-new = Nouveau mot de passe
portal-password-confirm = Confirmez le nouveau mot de passe
portal-password-hint = Au moins { $count } caractères.
portal-password-submit = Enregistrer mon mot de passe
portal-password-too-short = Le mot de passe doit comporter au moins { $count } caractères.
portal-password-mismatch = Les deux mots de passe ne correspondent pas.
portal-password-gone-title = Ce lien n'est plus valable
portal-password-gone = Ce lien pour choisir un mot de passe n'est plus valable : il a déjà servi, il a expiré, ou un lien plus récent a été envoyé. Demandez un nouveau lien à votre administrateur.
portal-password-to-login = Aller à la connexion
portal-notice-password-set = Votre mot de passe est enregistré. Connectez-vous avec.
portal-send-password-link = Envoyer un lien de mot de passe
portal-password-link-hint = Envoie à { $email } un lien pour choisir un nouveau mot de passe ; il sert une fois, dans les 7 jours.
portal-notice-password-link = Un lien pour choisir un mot de passe a été envoyé.
portal-action-password_link = Lien de mot de passe envoyé
portal-action-set_password = Mot de passe choisi
portal-email-password-reset = Lien de mot de passe, à { $to } : « { $subject } »
portal-error-own-access = Vous ne pouvez pas vous retirer votre propre accès au portail (en devenant membre, en vous suspendant ou en vous supprimant). Demandez à un autre administrateur.
portal-error-email-taken = Un autre utilisateur du compte a déjà cette adresse e-mail.
portal-error-invalid-email = Cette adresse e-mail n’est pas valide (attendu : nom@exemple.com).
portal-error-invalid-name = Un nom compte au plus 100 caractères, sans retour à la ligne.
portal-consequence-suspends = L’enregistrement suspend { $name } et met fin à ses sessions : plus d’accès au portail ni à aucun produit tant qu’on ne lui attribue pas un produit ou un rôle.
portal-consequence-reactivates = L’enregistrement réactive { $name } : la connexion redevient possible.
portal-consequence-loses-portal = L’enregistrement retire l’accès au portail à { $name } et met fin à ses sessions du portail.
portal-edit-details = Modifier les informations
portal-field-email = E-mail
portal-field-first-name = Prénom
portal-field-last-name = Nom
portal-field-locale = Langue des e-mails
portal-own-access-note = C’est vous : vous ne pouvez pas vous rendre membre, ce qui mettrait fin à votre propre accès au portail.
portal-self-actions-note = C’est vous : un autre administrateur peut vous suspendre ou vous supprimer, pas vous-même.
portal-reactivate-gives-back = Rend : { $what }
portal-notice-created = L’utilisateur a été ajouté.
portal-via-portal = via le portail
portal-via-api = via l’API
portal-via-scim = via le provisionnement SCIM
portal-via-cli = via la ligne de commande
portal-via-import = via un import
portal-via-system = automatiquement
portal-channel-portal = Portail
portal-channel-api = API
portal-channel-scim = Provisionnement SCIM
portal-channel-cli = Ligne de commande
portal-channel-import = Import
portal-channel-system = Automatique
portal-actor-person = { $name } { $via }
portal-actor-token = Jeton d’API « { $name } » { $via }
portal-actor-operator = Un opérateur { $via }
portal-actor-roster = Roster, automatiquement
portal-audit-email = e-mail { $old } → { $new }
portal-audit-first-name = prénom { $old } → { $new }
portal-audit-last-name = nom { $old } → { $new }
portal-audit-locale = langue { $old } → { $new }
portal-new-user = Ajouter un utilisateur
portal-new-title = Ajouter un utilisateur
portal-new-products-hint = Les produits attribués aux nouveaux utilisateurs du compte sont déjà cochés.
portal-new-preview-heading = L’ajout de cet utilisateur enverra
portal-new-notify-hint = Un nouveau gestionnaire ou administrateur reçoit une invitation à choisir son mot de passe, sauf si vous choisissez de ne pas l’avertir. La première fois qu’une personne reçoit GoTo Meeting, GoTo Webinar, GoTo Training ou OpenVoice, elle reçoit un e-mail de démarrage, même si vous choisissez de ne pas l’avertir.
portal-new-suspended-note = Sans produit et avec le rôle Membre, cet utilisateur est suspendu dès sa création : il ne peut se connecter nulle part tant que vous ne lui attribuez pas un produit ou un rôle.
portal-create = Ajouter l’utilisateur
portal-nav-licences = Licences
portal-nav-history = Historique
portal-nav-import = Importer
portal-licences-title = Licences
portal-licences-intro = Les licences de chaque produit du compte, et qui les détient. Un utilisateur supprimé libère ses licences.
portal-licences-used = Licences utilisées
portal-licences-limit-col = Limite
portal-licences-holders-col = Attribuées à
portal-licences-limit = { $seats ->
        [one] { $seats } licence
       *[other] { $seats } licences
    }
portal-licences-unlimited = Illimitées
portal-licences-limit-of = Nombre de licences de { $product }
portal-licences-holders = { $count ->
        [0] personne
        [one] { $count } utilisateur
       *[other] { $count } utilisateurs
    }
portal-licences-limit-hint = Laissez une limite vide pour des licences illimitées. Une limite inférieure aux licences utilisées ne retire rien à personne ; elle empêche seulement de nouvelles attributions.
portal-notice-seats = La limite de licences est enregistrée.
portal-notice-new-user-products = Les produits des nouveaux utilisateurs sont enregistrés.
portal-error-seats-number = Saisissez un nombre entier de licences, ou laissez vide pour illimité.
portal-import-title = Importer des utilisateurs
portal-import-intro = Chargez un fichier CSV dont la ligne d’en-tête nomme email et, au choix, first_name, last_name, locale, role et products (clés de produits séparées par ;). Un utilisateur dont l’e-mail existe est modifié ; les autres sont créés. Vous voyez ce que fera chaque ligne avant toute modification.
portal-import-file = Fichier CSV
portal-import-check = Vérifier le fichier
portal-import-empty = Choisissez d’abord un fichier CSV.
portal-import-not-utf8 = Ce fichier n’est pas du texte UTF-8. Enregistrez-le au format « CSV UTF-8 » et réessayez.
portal-import-unreadable = Le fichier ne peut pas être importé : { $count ->
        [one] une ligne pose problème.
       *[other] { $count } lignes posent problème.
    } Rien n’a été modifié.
portal-import-line-error = Ligne { $line } : { $message }
portal-import-preview-heading = Ce que fera l’import
portal-import-done-heading = Import terminé
portal-import-will-created = { $count ->
        [one] { $count } utilisateur sera créé
       *[other] { $count } utilisateurs seront créés
    }
portal-import-will-updated = { $count ->
        [one] { $count } utilisateur sera modifié
       *[other] { $count } utilisateurs seront modifiés
    }
portal-import-will-unchanged = { $count ->
        [one] { $count } utilisateur est déjà conforme au fichier
       *[other] { $count } utilisateurs sont déjà conformes au fichier
    }
portal-import-will-failed = { $count ->
        [one] { $count } ligne sera refusée
       *[other] { $count } lignes seront refusées
    }
portal-import-will-email = { $count ->
        [0] aucun e-mail ne sera envoyé
        [one] { $count } e-mail sera envoyé
       *[other] { $count } e-mails seront envoyés
    }
portal-import-done-created = { $count ->
        [one] { $count } utilisateur créé
       *[other] { $count } utilisateurs créés
    }
portal-import-done-updated = { $count ->
        [one] { $count } utilisateur modifié
       *[other] { $count } utilisateurs modifiés
    }
portal-import-done-unchanged = { $count ->
        [one] { $count } utilisateur inchangé
       *[other] { $count } utilisateurs inchangés
    }
portal-import-done-failed = { $count ->
        [one] { $count } ligne refusée
       *[other] { $count } lignes refusées
    }
portal-import-row-will-created = Sera créé
portal-import-row-will-updated = Sera modifié
portal-import-row-will-unchanged = Aucun changement
portal-import-row-done-created = Créé
portal-import-row-done-updated = Modifié
portal-import-row-done-unchanged = Aucun changement
portal-import-refused = Refusé : { $reason }
portal-import-apply = { $count ->
        [one] Appliquer { $count } modification
       *[other] Appliquer { $count } modifications
    }
portal-import-notify-on = Les utilisateurs concernés sont avertis par e-mail.
portal-import-no-notify-on = Les utilisateurs concernés ne sont pas avertis (les e-mails de démarrage partent quand même).
portal-import-other-file = Choisir un autre fichier
portal-import-another = Importer un autre fichier
portal-import-line = Ligne
portal-import-result = Résultat
portal-import-emails = E-mails
portal-col-last-sign-in = Dernière connexion
portal-never = Jamais

## The list's paging, filters, bulk selection and export; the account's history
portal-range = { $from }–{ $to } sur { $total }
portal-range-more = { $from }–{ $to } sur plus de { $total }
portal-prev-page = Page précédente
portal-page-size = Par page
portal-inactive = Inactifs
portal-inactive-any = Tous
portal-inactive-days = { $days ->
    [one] Depuis { $days } jour
   *[other] Depuis { $days } jours ou plus
}
portal-export-csv = Exporter en CSV
portal-error-filter-named = Le filtre « { $field } » n'est pas valide et a été ignoré ; les autres filtres s'appliquent.
portal-filter-name-status = Statut
portal-filter-name-role = Rôle
portal-filter-name-product = Produit
portal-filter-name-inactive = Inactifs
portal-filter-name-sort = Tri
portal-filter-name-cursor = Page
portal-filter-name-user = Utilisateur
portal-filter-name-actor = Modifié par
portal-filter-name-channel = Canal
portal-filter-name-since = Du
portal-filter-name-until = Au
portal-bulk-title = Modifier les utilisateurs sélectionnés
portal-bulk-select = Sélectionner { $name }
portal-bulk-select-all = { $count ->
    [one] Sélectionner l'utilisateur correspondant à ce filtre ({ $count })
   *[other] Sélectionner les { $count } utilisateurs correspondant à ce filtre
}
portal-bulk-select-all-more = Sélectionner tous les utilisateurs correspondant à ce filtre (plus de { $count })
portal-bulk-action = Action
portal-bulk-add_products = Ajouter des produits
portal-bulk-remove_products = Retirer des produits
portal-bulk-set_role = Modifier le rôle
portal-bulk-suspend = Suspendre
portal-bulk-reactivate = Réactiver
portal-bulk-delete = Supprimer
portal-bulk-restore = Restaurer
portal-bulk-preview = Aperçu
portal-audit-title = Historique du compte
portal-audit-intro = Toutes les modifications des utilisateurs du compte : qui les a faites, par quel canal, avant et après.
portal-audit-user = Utilisateur (e-mail ou identifiant)
portal-audit-actor = Modifié par (e-mail)
portal-audit-channel = Canal
portal-audit-any-channel = Tous les canaux
portal-audit-since = Du
portal-audit-until = Au
portal-audit-zone = Les dates sont des jours en UTC. Les heures s'affichent dans le fuseau horaire de votre navigateur (en UTC sans scripts).
portal-audit-empty = Aucune modification ne correspond à ces filtres.
portal-audit-no-user = Aucun utilisateur du compte n'a cet e-mail ou cet identifiant.
portal-col-user = Utilisateur
portal-audit-newer = Plus récents
portal-audit-older = Plus anciens
portal-audit-first = Les plus récents
portal-action-token_create = Jeton d’API créé
portal-action-token_revoke = Jeton d’API révoqué

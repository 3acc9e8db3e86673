# Products for new users (licences page) and bulk changes.
portal-template-title = Produits des nouveaux utilisateurs
portal-template-intro = Attribués à chaque utilisateur créé sans produit (dans le portail, par l'API, par un import CSV sans colonne de produits ou par la création SCIM d'un fournisseur d'identité sans droits), dans la limite des licences disponibles.
portal-template-none = Aucun
bulk-title-preview = Aperçu de la modification
bulk-title-done = Modification appliquée
bulk-action-label = Action
bulk-preview = Aperçu
bulk-action-add_products = Ajouter des produits
bulk-action-remove_products = Retirer des produits
bulk-action-set_role = Définir le rôle
bulk-action-suspend = Suspendre
bulk-action-reactivate = Réactiver
bulk-action-delete = Supprimer
bulk-action-restore = Restaurer
bulk-summary-changed = { $count ->
    [one] { $count } utilisateur sera modifié
   *[other] { $count } utilisateurs seront modifiés
}
bulk-done-changed = { $count ->
    [one] { $count } utilisateur a été modifié
   *[other] { $count } utilisateurs ont été modifiés
}
bulk-summary-unchanged = { $count ->
    [one] { $count } utilisateur l’est déjà (inchangé)
   *[other] { $count } utilisateurs le sont déjà (inchangés)
}
bulk-summary-refused = { $count ->
    [one] { $count } utilisateur est refusé
   *[other] { $count } utilisateurs sont refusés
}
bulk-email-products_changed = { $count ->
    [one] { $count } e-mail « produits modifiés »
   *[other] { $count } e-mails « produits modifiés »
}
bulk-email-role_changed = { $count ->
    [one] { $count } e-mail « rôle modifié »
   *[other] { $count } e-mails « rôle modifié »
}
bulk-email-getting_started = { $count ->
    [one] { $count } e-mail de prise en main
   *[other] { $count } e-mails de prise en main
}
bulk-more = { $count ->
    [one] …et { $count } autre
   *[other] …et { $count } autres
}
bulk-apply = { $count ->
    [one] Appliquer à { $count } utilisateur
   *[other] Appliquer à { $count } utilisateurs
}
bulk-select-all = { $count ->
    [one] Sélectionner l’utilisateur correspondant au filtre
   *[other] Sélectionner les { $count } utilisateurs correspondant au filtre
}
bulk-emails-heading = E-mails
bulk-no-emails = Aucun e-mail ne sera envoyé.
bulk-losing-portal-heading = Ces utilisateurs perdent l’accès au portail (leurs sessions prennent fin)
bulk-changed-heading = Utilisateurs à modifier
bulk-changed-heading-done = Utilisateurs modifiés
bulk-unchanged-heading = Utilisateurs inchangés
bulk-refused-heading = Utilisateurs refusés
bulk-col-reason = Motif
bulk-cancel = Retour à la liste
bulk-no-notify-on = Les utilisateurs ne sont pas avertis de ce changement (les e-mails de prise en main partent quand même).
bulk-notify-on = Les utilisateurs sont avertis de ce changement par e-mail.
bulk-error-seats-short = Licences insuffisantes pour { $product } : ce changement en demande { $needed } et il en reste { $left }. Rien n’a été modifié.
bulk-error-nothing-selected = Sélectionnez des utilisateurs, ou tous les utilisateurs correspondant au filtre.

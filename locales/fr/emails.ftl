email-greeting = Bonjour { $name },
email-footer = Vous recevez ce message parce que votre administrateur gère votre compte { $account } dans Roster.
role-member = Membre
role-manager = Gestionnaire
role-admin = Administrateur

products-changed-subject = Vos produits ont changé
products-changed-intro = Votre administrateur a modifié les produits que vous pouvez utiliser.
products-changed-added = Ajoutés : { $list }
products-changed-removed = Retirés : { $list }
products-changed-now = Vos produits désormais : { $list }
products-changed-none = Vous n'avez aucun produit pour le moment.

role-changed-subject = Votre rôle a changé
role-changed-body = Votre rôle est passé de { $old } à { $new }.

getting-started-subject = Bien démarrer avec { $product }
getting-started-intro = Vous pouvez désormais utiliser { $product }. Pour commencer :
getting-started-meeting = Téléchargez l'application GoTo, connectez-vous avec cette adresse e-mail et choisissez « Réunion immédiate » pour lancer votre première réunion.
getting-started-webinar = Connectez-vous à GoTo Webinar, choisissez « Planifier un webinaire » et partagez le lien d'inscription avec votre public.
getting-started-training = Connectez-vous à GoTo Training, créez votre première formation et invitez vos participants depuis le Training Center.
getting-started-openvoice = Composez le numéro OpenVoice de votre compte, saisissez votre code de conférence et partagez-le avec les participants.
getting-started-generic = Connectez-vous avec cette adresse e-mail pour commencer.

invitation-subject = Vous êtes invité à gérer les utilisateurs dans Roster
invitation-body = Votre administrateur vous a donné accès au portail d'administration { $account }, où vous gérez les utilisateurs de votre équipe et leurs produits.
invitation-action = Choisir mon mot de passe
password-link-validity = Ouvrez ce lien pour choisir votre mot de passe : { $link } — il ne sert qu'une fois, dans les 7 jours.
invitation-sign-in = Connectez-vous sur { $link } avec cette adresse e-mail et le mot de passe que votre administrateur vous communique.
invitation-sign-in-action = Se connecter au portail

password-reset-subject = Choisissez un nouveau mot de passe pour Roster
password-reset-body = Un administrateur du compte { $account } vous a envoyé un lien pour choisir un nouveau mot de passe pour le portail d'administration.
password-reset-action = Choisir un nouveau mot de passe
password-reset-ignore = Si vous n'attendiez pas ce message, ignorez-le : votre mot de passe actuel reste valable.

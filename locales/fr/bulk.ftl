# Products for new users (licences page) and bulk changes.
portal-template-title = Produits des nouveaux utilisateurs
portal-template-intro = Attribués à chaque utilisateur créé sans produit (dans le portail, par l'API, par un import CSV sans colonne de produits ou par la création SCIM d'un fournisseur d'identité sans droits), dans la limite des licences disponibles.
portal-template-none = Aucun

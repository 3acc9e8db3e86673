# Products for new users (licences page) and bulk changes.
portal-template-title = Prodotti per i nuovi utenti
portal-template-intro = Assegnati a ogni utente creato senza prodotti (nel portale, tramite l'API, con un'importazione CSV senza colonna dei prodotti o con una creazione SCIM di un provider di identità senza diritti), se ci sono licenze disponibili.
portal-template-none = Nessuno

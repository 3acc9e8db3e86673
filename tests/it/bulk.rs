//! Admin at volume, on both stores: the account's products for new users in every
//! channel, and bulk changes (API, CLI, portal).

mod api;
mod browser;
mod cli;
mod new_user_products;
mod portal;

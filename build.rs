fn main() {
    // The migrations are embedded by `sqlx::migrate!`: a new or changed file rebuilds.
    println!("cargo:rerun-if-changed=migrations");
}

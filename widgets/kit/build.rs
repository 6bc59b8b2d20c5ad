//! Minifies the kit's stylesheets: the shared base into `OUT_DIR/kit.min.css`, and the
//! space-time diagram's (only the families that draw one need it) into
//! `OUT_DIR/spacetime.min.css`.
fn main() {
    distlab_cssmin::bundle_except("kit", &["spacetime.css"]);
    distlab_cssmin::bundle_file("spacetime", "spacetime.css");
}

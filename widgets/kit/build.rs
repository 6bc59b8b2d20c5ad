//! Minifies the kit's stylesheets (the shared base) into `OUT_DIR/kit.min.css`.
fn main() {
    distlab_cssmin::bundle("kit");
}

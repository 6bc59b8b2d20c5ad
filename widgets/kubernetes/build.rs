//! Minifies every `style.css` of this family's widget folders into
//! `OUT_DIR/kubernetes.min.css` (see `distlab-cssmin`): no list of stylesheets kept by hand.
fn main() {
    distlab_cssmin::bundle("kubernetes");
}

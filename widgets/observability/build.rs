//! Minifies every `style.css` of this family's widget folders into
//! `OUT_DIR/observability.min.css` (see `distlab-cssmin`).
fn main() {
    distlab_cssmin::bundle("observability");
}

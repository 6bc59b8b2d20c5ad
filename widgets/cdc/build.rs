//! Minifies every `style.css` of this family's widget folders into
//! `OUT_DIR/cdc.min.css` (see `distlab-cssmin`).
fn main() {
    distlab_cssmin::bundle("cdc");
}

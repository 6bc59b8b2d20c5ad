//! MERGE: a stand-in for the Cassandra tab as a [`TextApp`] until the branch that
//! converts [`super::cassandra`] is merged; then delete this file. It draws only a note.

use distlab_kit::textapp::TextApp;
use web_sys::{Element, Event};

/// The stand-in.
pub struct Cassandra;

impl Cassandra {
    /// Takes what the real tab takes.
    pub fn new(_seed: u64, _rows: usize, _depth: Option<u32>, _missed: usize) -> Self {
        Cassandra
    }
}

impl TextApp for Cassandra {
    fn view(&self, out: &mut String) {
        out.push_str("<div class=\"dluc-cass\"><p class=\"dl-muted\">The Cassandra tab is being converted.</p></div>");
    }

    fn act(&mut self, _act: &str, _el: &Element, _ev: &Event) -> bool {
        false
    }
}

//! Widget settings read from the placeholder's `data-*` attributes.
//!
//! A blogger writes `<div class="hn-embed-widget" id="…" data-blocks="16" data-seed="7">`.
//! Every value is optional; a value that does not parse or is out of range is replaced
//! by the default and reported in a short inline message — never a panic, never a blank.

use std::collections::BTreeMap;
use std::rc::Rc;

/// The raw `data-*` attributes of a placeholder (keys without the `data-` prefix).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WidgetOptions {
    /// Attribute name (after `data-`) → value, in name order.
    pub data: Rc<BTreeMap<String, String>>,
}

impl WidgetOptions {
    /// Options from `(name, value)` pairs; names may carry the `data-` prefix or not.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        // Inserted one by one rather than collected: `BTreeMap::from_iter` sorts with the
        // standard stable sort, kilobytes of code in every family's module. Same result:
        // a later duplicate name wins either way.
        let mut data = BTreeMap::new();
        for (k, v) in pairs {
            let k = k.as_ref();
            data.insert(
                k.strip_prefix("data-").unwrap_or(k).to_ascii_lowercase(),
                v.into(),
            );
        }
        WidgetOptions {
            data: Rc::new(data),
        }
    }

    /// The raw value of one option.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.data.get(key).map(String::as_str)
    }

    /// A reader that parses typed values and collects messages about bad ones.
    pub fn reader(&self) -> OptionReader<'_> {
        OptionReader {
            options: self,
            messages: Vec::new(),
        }
    }
}

/// Parses typed options, remembering a message for each bad value (see module docs).
#[derive(Debug)]
pub struct OptionReader<'a> {
    options: &'a WidgetOptions,
    messages: Vec<String>,
}

impl OptionReader<'_> {
    /// An integer in `min..=max`, or `default` with a message.
    pub fn int(&mut self, key: &str, min: i64, max: i64, default: i64) -> i64 {
        let Some(raw) = self.options.get(key) else {
            return default;
        };
        match raw.trim().parse::<i64>() {
            Ok(v) if (min..=max).contains(&v) => v,
            Ok(v) => {
                self.messages.push(format!(
                    "data-{key}=\"{raw}\" is outside {min}–{max}; using {default}."
                ));
                let _ = v;
                default
            }
            Err(_) => {
                self.messages.push(format!(
                    "data-{key}=\"{raw}\" is not a whole number; using {default}."
                ));
                default
            }
        }
    }

    /// An unsigned 64-bit value (a seed), or `default` with a message.
    pub fn u64(&mut self, key: &str, default: u64) -> u64 {
        let Some(raw) = self.options.get(key) else {
            return default;
        };
        raw.trim().parse::<u64>().unwrap_or_else(|_| {
            self.messages.push(format!(
                "data-{key}=\"{raw}\" is not a non-negative whole number; using {default}."
            ));
            default
        })
    }

    /// One of `choices` (case-insensitive), or `default` with a message.
    pub fn choice<'c>(&mut self, key: &str, choices: &[&'c str], default: &'c str) -> &'c str {
        let Some(raw) = self.options.get(key) else {
            return default;
        };
        let want = raw.trim().to_ascii_lowercase();
        match choices.iter().find(|c| c.eq_ignore_ascii_case(&want)) {
            Some(c) => c,
            None => {
                self.messages.push(format!(
                    "data-{key}=\"{raw}\" is not one of {}; using {default}.",
                    choices.join(", ")
                ));
                default
            }
        }
    }

    /// Free text, if present.
    pub fn text(&self, key: &str) -> Option<String> {
        self.options.get(key).map(str::to_owned)
    }

    /// The messages collected so far.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// Consumes the reader, returning its messages.
    pub fn into_messages(self) -> Vec<String> {
        self.messages
    }
}

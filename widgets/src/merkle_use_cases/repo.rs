//! A tiny git repository: pure logic (in progress).

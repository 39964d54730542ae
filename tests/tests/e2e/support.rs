//! Fixtures: a real portal server on a free port, and an HTTP client that keeps cookies
//! and fills forms (CSRF token included) the way a browser would.

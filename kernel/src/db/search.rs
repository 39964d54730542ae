//! Name search over employees.

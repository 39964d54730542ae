//! Tests of the test host.

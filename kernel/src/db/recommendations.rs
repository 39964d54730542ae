//! Peer recommendations.

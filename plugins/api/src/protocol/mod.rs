//! The messages between dsrd and a plugin: pure types and their encoding,
//! no I/O.
//!
//! One call is one [`Request`] answered by one [`Response`], both JSON.
//! The same bytes travel through the C ABI of a native plugin and, framed
//! as lines, between dsrd and its plugin host process, which first
//! exchange a [`Hello`]. A built-in plugin skips the bytes and gets the
//! values through [`dispatch`].
//!
//! On the wire a request reads
//! `{"op":"erase","subject":{…},"mode":"delete","dry_run":true}` and a
//! response `{"ok":{"op":"erase","value":{…}}}` or
//! `{"error":{"kind":"unsupported","operation":"erase"}}`.

mod dispatch;
mod hello;
mod message;

pub use dispatch::{dispatch, dispatch_bytes};
pub use hello::{Hello, ABI_VERSION};
pub use message::{Output, Request, Response};

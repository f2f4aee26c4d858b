//! The plugin side of the ABI: the functions a plugin library exports
//! through its [`PluginTable`](super::PluginTable).
//!
//! They are generic over the plugin type and instantiated inside the
//! plugin library by [`export_plugin!`](crate::export_plugin), so they run
//! with the plugin's allocator and std. Each one catches panics, because a
//! panic unwinding out of an `extern "C"` function aborts the process.

use super::{Buffer, CreateResult};
use crate::protocol::{dispatch_bytes, Response};
use crate::{Plugin, PluginError};
use core::ffi::c_void;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Creates an instance of `P` from JSON settings.
///
/// # Safety
///
/// `settings` must be null with `len == 0`, or point to `len` readable
/// bytes that stay valid and unchanged until the call returns.
pub unsafe extern "C" fn create<P: Plugin>(settings: *const u8, len: usize) -> CreateResult {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller guarantees `settings`/`len` as documented above.
        let bytes = unsafe { borrow_bytes(settings, len) };
        let settings = serde_json::from_slice(bytes).map_err(|error| {
            PluginError::bad_settings(format!("the settings are not valid JSON: {error}"))
        })?;
        P::new(settings)
    }));
    let error = match outcome {
        Ok(Ok(plugin)) => {
            return CreateResult {
                handle: Box::into_raw(Box::new(plugin)).cast::<c_void>(),
                error: Buffer::empty(),
            }
        }
        Ok(Err(error)) => error,
        Err(payload) => PluginError::Panicked {
            message: panic_message(payload),
        },
    };
    let bytes = serde_json::to_vec(&error).unwrap_or_default();
    CreateResult {
        handle: core::ptr::null_mut(),
        error: Buffer::from_vec(bytes),
    }
}

/// Answers one JSON request; the response buffer must be freed with
/// [`free_buffer`] of this library.
///
/// # Safety
///
/// `handle` must come from [`create::<P>`](create) of this library, not yet
/// destroyed, and not in use by another call at the same time. `request`
/// must be null with `len == 0`, or point to `len` readable bytes valid
/// until the call returns.
pub unsafe extern "C" fn call<P: Plugin>(
    handle: *mut c_void,
    request: *const u8,
    len: usize,
) -> Buffer {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if handle.is_null() {
            return Response::Error(PluginError::protocol("called with a null handle")).to_bytes();
        }
        // SAFETY: the handle is a live `Box<P>` from `create::<P>` and no
        // other call uses it now (caller's guarantee), so a unique
        // reference for the length of this call is sound.
        let plugin = unsafe { &mut *handle.cast::<P>() };
        // SAFETY: the caller guarantees `request`/`len` as documented above.
        let request = unsafe { borrow_bytes(request, len) };
        dispatch_bytes(plugin, request)
    }));
    let bytes = outcome.unwrap_or_else(|payload| {
        // The plugin's state may be half-updated now. It stays usable, but
        // the error kind tells dsrd to restart it before trusting it again.
        let message = panic_message(payload);
        Response::Error(PluginError::Panicked { message }).to_bytes()
    });
    Buffer::from_vec(bytes)
}

/// Frees a buffer returned by [`create`] or [`call`].
///
/// # Safety
///
/// `buffer` must have been returned by this library and not freed before.
/// An empty buffer (null `ptr`) is accepted and ignored.
pub unsafe extern "C" fn free_buffer(buffer: Buffer) {
    if buffer.ptr.is_null() {
        return;
    }
    // Dropping a `Vec<u8>` cannot panic, but an export must not unwind
    // whatever happens, so the guard stays.
    let _ = catch_unwind(|| {
        // SAFETY: `buffer` came from `Buffer::from_vec` in this library and
        // was not freed (caller's guarantee), so ptr, len and cap are those
        // of a live `Vec<u8>` from this library's allocator.
        drop(unsafe { Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap) });
    });
}

/// Ends an instance created by [`create`]. A panic in the plugin's `Drop`
/// is caught and dropped: there is nobody left to report it to.
///
/// # Safety
///
/// `handle` must come from [`create::<P>`](create) of this library, must not
/// be destroyed before, and must not be used again afterwards.
pub unsafe extern "C" fn destroy<P: Plugin>(handle: *mut c_void) {
    if handle.is_null() {
        return;
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the handle is the `Box<P>` leaked by `create::<P>`, and
        // the caller gives up all use of it.
        drop(unsafe { Box::from_raw(handle.cast::<P>()) });
    }));
    if let Err(payload) = outcome {
        let _ = panic_message(payload);
    }
}

/// The bytes at `ptr`, or none for a null pointer.
///
/// # Safety
///
/// `ptr` must be null, or point to `len` readable bytes that stay valid and
/// unchanged for the lifetime `'a` the caller picks.
unsafe fn borrow_bytes<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        return &[];
    }
    // SAFETY: non-null and valid for `len` bytes per this function's
    // contract; `u8` has no alignment or validity requirements.
    unsafe { core::slice::from_raw_parts(ptr, len) }
}

/// The text of a panic payload. Dropping the payload runs arbitrary code
/// (it may be any type), so that drop is guarded too.
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    let message = if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_owned()
    };
    let _ = catch_unwind(AssertUnwindSafe(move || drop(payload)));
    message
}

#[cfg(test)]
mod tests {
    use super::super::PluginTable;
    use super::*;
    use crate::protocol::Request;
    use crate::{Manifest, Subject};

    /// Panics on `locate`, to show the panic comes back as an error.
    struct Fragile;

    impl Plugin for Fragile {
        fn new(settings: serde_json::Value) -> Result<Self, PluginError> {
            if settings.get("explode").is_some() {
                panic!("settings exploded");
            }
            Ok(Fragile)
        }

        fn describe(&self) -> Manifest {
            Manifest {
                name: "fragile".into(),
                version: "0".into(),
                system: "glass".into(),
                categories: vec![],
                identifiers: vec![],
                operations: vec![],
                test_subject: None,
                capabilities: vec![],
            }
        }

        fn locate(&mut self, _: &Subject) -> Result<crate::LocateResult, PluginError> {
            panic!("locate broke on purpose")
        }
    }

    static TABLE: PluginTable = PluginTable::for_plugin::<Fragile>();

    /// Copies a buffer out and frees it, as the host does.
    fn take(buffer: Buffer) -> Vec<u8> {
        let bytes = if buffer.ptr.is_null() {
            Vec::new()
        } else {
            // SAFETY: the buffer was just returned by the table and is live.
            unsafe { core::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec()
        };
        // SAFETY: returned by this table's functions, freed exactly once.
        unsafe { (TABLE.free_buffer.unwrap())(buffer) };
        bytes
    }

    #[test]
    fn a_panicking_call_returns_the_panic_message() {
        let settings = b"{}";
        // SAFETY: `settings` outlives the call.
        let created = unsafe { (TABLE.create.unwrap())(settings.as_ptr(), settings.len()) };
        assert!(!created.handle.is_null());
        take(created.error);

        let request = Request::Locate {
            subject: Subject::default(),
        }
        .to_bytes();
        // SAFETY: live handle, used by this thread only; request outlives the call.
        let buffer =
            unsafe { (TABLE.call.unwrap())(created.handle, request.as_ptr(), request.len()) };
        let response = Response::from_bytes(&take(buffer));
        assert_eq!(
            response,
            Response::Error(PluginError::Panicked {
                message: "locate broke on purpose".into()
            })
        );

        // SAFETY: the handle is live and not used afterwards.
        unsafe { (TABLE.destroy.unwrap())(created.handle) };
    }

    #[test]
    fn a_panicking_constructor_returns_a_null_handle_and_the_message() {
        let settings = br#"{"explode":true}"#;
        // SAFETY: `settings` outlives the call.
        let created = unsafe { (TABLE.create.unwrap())(settings.as_ptr(), settings.len()) };
        assert!(created.handle.is_null());
        let error: PluginError = serde_json::from_slice(&take(created.error)).unwrap();
        assert_eq!(
            error,
            PluginError::Panicked {
                message: "settings exploded".into()
            }
        );
    }

    #[test]
    fn settings_that_are_not_json_are_bad_settings() {
        let settings = b"path = 'x'";
        // SAFETY: `settings` outlives the call.
        let created = unsafe { (TABLE.create.unwrap())(settings.as_ptr(), settings.len()) };
        assert!(created.handle.is_null());
        let error: PluginError = serde_json::from_slice(&take(created.error)).unwrap();
        assert!(
            matches!(error, PluginError::BadSettings { .. }),
            "{error:?}"
        );
    }
}

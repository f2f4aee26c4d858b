//! The C ABI between dsrd and a native plugin — the only unsafe code in
//! dsrd.
//!
//! # The ABI, version 1
//!
//! A plugin library exports one symbol, [`ENTRY_SYMBOL`]. In C terms:
//!
//! ```c
//! typedef struct { uint8_t *ptr; size_t len; size_t cap; } DsrdBuffer;
//! typedef struct { void *handle; DsrdBuffer error; } DsrdCreateResult;
//! typedef struct {
//!     uint32_t abi_version;                          /* always first */
//!     DsrdCreateResult (*create)(const uint8_t *settings, size_t len);
//!     DsrdBuffer (*call)(void *handle, const uint8_t *request, size_t len);
//!     void (*free_buffer)(DsrdBuffer buffer);
//!     void (*destroy)(void *handle);
//! } DsrdPluginTable;
//! const DsrdPluginTable *dsrd_plugin_entry(void);
//! ```
//!
//! The rules both sides keep:
//!
//! - **Only bytes cross.** Settings, requests and responses are JSON (see
//!   [`protocol`](crate::protocol)). No Rust type crosses, because Rust's
//!   own ABI and std's types differ between compiler versions, and each
//!   library has its own allocator and its own copy of std.
//! - **The version comes first.** `abi_version` is read before any other
//!   field; a table of another version is never touched further, because
//!   its layout may differ.
//! - **Whoever allocates frees.** Buffers returned by the plugin are freed
//!   by the plugin's `free_buffer`, once, after the host copied them. Bytes
//!   the host passes in stay the host's and are only borrowed for the call.
//! - **No unwinding across.** Every function catches panics inside the
//!   plugin; a panic during `call` comes back as a `panicked` error
//!   response. That needs the plugin built with `panic = "unwind"`.
//! - **One call at a time per handle.** The host never calls a handle from
//!   two threads at once, but may use it from different threads in turn.
//! - **`create`** returns a non-null handle and an empty buffer, or a null
//!   handle and a buffer holding a JSON [`PluginError`](crate::PluginError).
//! - **`destroy`** ends a handle; the library itself is never unloaded,
//!   because unloading code whose thread-local destructors or threads are
//!   still alive crashes the process.
//!
//! [`guest`] is the plugin side (used through
//! [`export_plugin!`](crate::export_plugin)); the host side is private and
//! reached through [`NativePlugin`](crate::NativePlugin).

pub mod guest;
pub(crate) mod host;

use crate::ABI_VERSION;

/// The name of the one symbol a plugin library exports.
pub const ENTRY_SYMBOL: &str = "dsrd_plugin_entry";

/// The signature of [`ENTRY_SYMBOL`].
pub type EntryFn = unsafe extern "C" fn() -> *const PluginTable;

/// Creates a plugin instance from JSON settings.
pub type CreateFn = unsafe extern "C" fn(settings: *const u8, len: usize) -> CreateResult;
/// Answers one JSON request with a JSON response.
pub type CallFn =
    unsafe extern "C" fn(handle: *mut core::ffi::c_void, request: *const u8, len: usize) -> Buffer;
/// Frees a buffer the plugin returned.
pub type FreeBufferFn = unsafe extern "C" fn(buffer: Buffer);
/// Ends a plugin instance.
pub type DestroyFn = unsafe extern "C" fn(handle: *mut core::ffi::c_void);

/// Bytes owned by the side that allocated them: a `Vec<u8>` taken apart.
///
/// `cap` travels along only so the owner can rebuild its allocation when
/// the buffer comes back to be freed; the other side reads `len` bytes
/// from `ptr` and nothing else. A null `ptr` is the empty buffer.
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    /// Start of the bytes, or null for none.
    pub ptr: *mut u8,
    /// Number of bytes.
    pub len: usize,
    /// Size of the allocation, for the owner only.
    pub cap: usize,
}

impl Buffer {
    /// The empty buffer, which owns nothing.
    pub const fn empty() -> Buffer {
        Buffer {
            ptr: core::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }

    /// Hands a vector's allocation over to the buffer; the buffer must go
    /// back to [`guest::free_buffer`] of the same library to be freed.
    pub fn from_vec(bytes: Vec<u8>) -> Buffer {
        let mut bytes = core::mem::ManuallyDrop::new(bytes);
        Buffer {
            ptr: bytes.as_mut_ptr(),
            len: bytes.len(),
            cap: bytes.capacity(),
        }
    }
}

/// What `create` returns: a handle, or an error.
#[repr(C)]
#[derive(Debug)]
pub struct CreateResult {
    /// The new instance, or null when creation failed.
    pub handle: *mut core::ffi::c_void,
    /// Empty on success; a JSON `PluginError` on failure.
    pub error: Buffer,
}

/// The table [`ENTRY_SYMBOL`] returns.
///
/// The functions are `Option`s so a null pointer from a broken (or
/// non-Rust) library is a load error instead of a jump to address zero;
/// `Option<fn>` has the layout of a nullable C function pointer.
#[repr(C)]
#[derive(Debug)]
pub struct PluginTable {
    /// [`ABI_VERSION`] of the crate the plugin was built with.
    pub abi_version: u32,
    /// See [`CreateFn`].
    pub create: Option<CreateFn>,
    /// See [`CallFn`].
    pub call: Option<CallFn>,
    /// See [`FreeBufferFn`].
    pub free_buffer: Option<FreeBufferFn>,
    /// See [`DestroyFn`].
    pub destroy: Option<DestroyFn>,
}

impl PluginTable {
    /// The table for plugin type `P`, built at compile time so it can live
    /// in a `static` of the plugin library.
    pub const fn for_plugin<P: crate::Plugin>() -> PluginTable {
        PluginTable {
            abi_version: ABI_VERSION,
            create: Some(guest::create::<P>),
            call: Some(guest::call::<P>),
            free_buffer: Some(guest::free_buffer),
            destroy: Some(guest::destroy::<P>),
        }
    }
}

//! The dsrd side of the ABI: open a library, read its table, drive an
//! instance. Only safe wrappers leave this file;
//! [`NativePlugin`](crate::NativePlugin) turns their errors into messages.

use super::{Buffer, CallFn, DestroyFn, EntryFn, FreeBufferFn, PluginTable, ENTRY_SYMBOL};
use crate::ABI_VERSION;
use core::ffi::c_void;
use core::ptr::NonNull;
use libloading::Library;
use std::path::Path;

/// Why a library's entry point could not be used.
#[derive(Debug)]
pub(crate) enum EntryError {
    /// The library has no entry symbol.
    Symbol(libloading::Error),
    /// The entry returned no table.
    NullTable,
    /// The table is of another ABI version.
    Version(u32),
    /// A function pointer in the table is null.
    MissingFunction(&'static str),
}

/// Opens a library and leaks it, so it is never unloaded.
///
/// Loading runs the library's initialisers. That is the trust dsrd places
/// in a configured plugin; the operator named this file, and a plugin
/// that should not be trusted runs in the plugin host process instead.
pub(crate) fn open(path: &Path) -> Result<&'static Library, libloading::Error> {
    // SAFETY: `Library::new` is unsafe because the library's initialisers
    // run in this process and may do anything. We accept that for a
    // library the operator configured (see above); nothing on our side
    // depends on state the initialisers could break.
    let library = unsafe { Library::new(path) }?;
    // Leaked on purpose: unloading code with live thread-local destructors
    // or threads crashes the process later, far from the cause.
    Ok(Box::leak(Box::new(library)))
}

/// The plugin's functions, read from a table of our ABI version. Copies of
/// function pointers into a library that is never unloaded, so they stay
/// valid for the rest of the process.
#[derive(Clone, Copy)]
pub(crate) struct Functions {
    create: super::CreateFn,
    call: CallFn,
    free_buffer: FreeBufferFn,
    destroy: DestroyFn,
}

/// Calls the library's entry point and reads its table.
pub(crate) fn entry(library: &'static Library) -> Result<Functions, EntryError> {
    // SAFETY: we assert the symbol has type `EntryFn`. Nothing can check
    // the type of a symbol; a library exporting `dsrd_plugin_entry` is
    // taken to be a dsrd plugin, and the version check below catches one
    // built against another version of this ABI.
    let symbol = unsafe { library.get::<EntryFn>(ENTRY_SYMBOL) }.map_err(EntryError::Symbol)?;
    let entry: EntryFn = *symbol;
    // SAFETY: the entry takes no arguments and returns a pointer to a
    // static table; the library stays loaded, so the pointer never dangles.
    let table = unsafe { entry() };
    if table.is_null() {
        return Err(EntryError::NullTable);
    }
    // SAFETY: every version of the table starts with a `u32` version at
    // offset 0 (`#[repr(C)]`, first field), so reading only that is valid
    // whatever the rest of the layout; the pointer is non-null and points
    // into the library's static data, aligned for the table.
    let version = unsafe { table.cast::<u32>().read() };
    if version != ABI_VERSION {
        return Err(EntryError::Version(version));
    }
    // SAFETY: same version, so the table has exactly our layout; it is
    // static and immutable, so a shared reference for 'static is sound.
    let table: &'static PluginTable = unsafe { &*table };
    Ok(Functions {
        create: table.create.ok_or(EntryError::MissingFunction("create"))?,
        call: table.call.ok_or(EntryError::MissingFunction("call"))?,
        free_buffer: table
            .free_buffer
            .ok_or(EntryError::MissingFunction("free_buffer"))?,
        destroy: table
            .destroy
            .ok_or(EntryError::MissingFunction("destroy"))?,
    })
}

/// A live plugin instance inside a loaded library.
pub(crate) struct Instance {
    functions: Functions,
    handle: NonNull<c_void>,
}

// SAFETY: the handle is a `Box<P>` with `P: Plugin: Send` (for Rust
// plugins; the ABI docs require the same of any other), and `Instance` is
// not `Sync` and only calls the plugin through `&mut self`, so moving it to
// another thread never lets two threads use the handle at once.
unsafe impl Send for Instance {}

impl Instance {
    /// Creates an instance from JSON settings; on failure, the plugin's
    /// JSON error bytes.
    pub(crate) fn create(functions: Functions, settings: &[u8]) -> Result<Instance, Vec<u8>> {
        // SAFETY: `create` comes from a version-checked table; `settings`
        // points to `len` bytes that outlive the call.
        let result = unsafe { (functions.create)(settings.as_ptr(), settings.len()) };
        let error = take(functions.free_buffer, result.error);
        match NonNull::new(result.handle) {
            Some(handle) => Ok(Instance { functions, handle }),
            None => Err(error),
        }
    }

    /// Sends one request and returns the response bytes.
    pub(crate) fn call(&mut self, request: &[u8]) -> Vec<u8> {
        // SAFETY: the handle is live (destroyed only in `drop`) and `&mut
        // self` keeps this the only call using it; `request` outlives the
        // call.
        let buffer =
            unsafe { (self.functions.call)(self.handle.as_ptr(), request.as_ptr(), request.len()) };
        take(self.functions.free_buffer, buffer)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        // SAFETY: the handle came from this library's `create`, is still
        // live, and is never used after this.
        unsafe { (self.functions.destroy)(self.handle.as_ptr()) };
    }
}

/// Copies a plugin's buffer into our own memory and gives it back to the
/// plugin to free, so no plugin allocation outlives the call.
fn take(free_buffer: FreeBufferFn, buffer: Buffer) -> Vec<u8> {
    if buffer.ptr.is_null() {
        return Vec::new();
    }
    // SAFETY: the plugin promises `ptr` points to `len` initialised bytes
    // that stay valid until the buffer is freed, which happens below.
    let bytes = unsafe { core::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec();
    // SAFETY: the buffer came from this plugin and is freed exactly once,
    // by the plugin's own function.
    unsafe { free_buffer(buffer) };
    bytes
}

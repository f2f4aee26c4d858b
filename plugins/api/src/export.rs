//! The macro that turns a [`Plugin`](crate::Plugin) into a loadable library.

/// Exports a [`Plugin`](crate::Plugin) type through the dsrd C ABI.
///
/// Put it once in the plugin crate, which has `crate-type = ["cdylib"]`
/// (add `"rlib"` too to test it in-process or link it as a built-in):
///
/// ```
/// # use dsrd_plugin_api::{Manifest, Plugin, PluginError};
/// # struct MyPlugin;
/// # impl Plugin for MyPlugin {
/// #     fn new(_: serde_json::Value) -> Result<Self, PluginError> { Ok(MyPlugin) }
/// #     fn describe(&self) -> Manifest { unimplemented!() }
/// # }
/// dsrd_plugin_api::export_plugin!(MyPlugin);
/// ```
///
/// It generates one function, `dsrd_plugin_entry`, returning a static
/// [`PluginTable`](crate::ffi::PluginTable) whose functions are the
/// generic, panic-catching functions of [`ffi::guest`](crate::ffi::guest).
/// The expansion contains no `unsafe` block, so the plugin crate can keep
/// `#![forbid(unsafe_code)]`; the exported, unmangled symbol is the only
/// unsafe-flavoured part, and it is sound because the name belongs to
/// dsrd and the signature is fixed here.
///
/// # Panics must unwind
///
/// A panic in the plugin is caught and returned as
/// [`PluginError::Panicked`](crate::PluginError::Panicked) only when the
/// library is built with `panic = "unwind"`, the default. With
/// `panic = "abort"` in the profile, a panic would end the whole dsrd
/// process, so the macro stops the build with an error instead.
///
/// # Linking several plugins into one binary
///
/// The symbol is unmangled, so two plugin crates using the macro cannot be
/// linked into one binary. A plugin that is also a built-in of dsrd puts the
/// macro behind a feature its cdylib build enables.
#[macro_export]
macro_rules! export_plugin {
    ($plugin:ty) => {
        #[cfg(panic = "abort")]
        compile_error!(
            "dsrd plugins must be built with panic = \"unwind\": with panic = \"abort\" \
             a panic in the plugin would end the whole dsrd process"
        );

        /// The dsrd plugin entry point: returns this library's function table.
        #[unsafe(no_mangle)]
        pub extern "C" fn dsrd_plugin_entry() -> *const $crate::ffi::PluginTable {
            static TABLE: $crate::ffi::PluginTable =
                $crate::ffi::PluginTable::for_plugin::<$plugin>();
            &TABLE
        }
    };
}

//! The [`Plugin`] implementation: a small Tokio runtime around the
//! asynchronous operations.
//!
//! # Why a runtime inside the plugin
//!
//! sqlx is asynchronous and the [`Plugin`] trait is not: a native plugin
//! is called through a C function that must return the answer, and dsrd
//! calls one plugin one request at a time. So each instance owns a
//! current-thread Tokio runtime and blocks on it per call. One thread is
//! enough (calls never overlap), starts in microseconds, and keeps the
//! plugin independent of whatever runtime the host has: as a `cdylib` it
//! has its own copy of Tokio, which could not share the daemon's anyway.
//! The price: a call must not be made from inside another Tokio runtime's
//! worker (blocking there panics), so dsrd calls the built-in from
//! `spawn_blocking` or its plugin thread, as it does for native plugins.

use crate::engine::schema::Schema;
use crate::engine::{Db, Tx};
use crate::error::Result;
use crate::ops::{self, Ctx};
use crate::settings::Settings;
use chrono::{DateTime, Utc};
use dsrd_plugin_api::{
    Capability, Change, ChangeReport, DataCategory, EraseMode, ExportResult, IdentifierKind,
    LocateResult, Manifest, Operation, Plugin, PluginError, PurgeReport, Recipient, Scope, Subject,
};
use tokio::runtime::Runtime;

/// The `sql` plugin: one school database described by a mapping.
pub struct SqlPlugin {
    settings: Settings,
    runtime: Runtime,
    db: Db,
    /// The database's columns, read on the first call and kept; `None`
    /// until then, and again after a failed read so the next call retries.
    schema: Option<Schema>,
}

impl std::fmt::Debug for SqlPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqlPlugin")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl SqlPlugin {
    /// Reads the columns once and checks the mapping against them.
    fn ensure_schema(&mut self) -> Result<()> {
        if self.schema.is_some() {
            return Ok(());
        }
        let (db, settings) = (&self.db, &self.settings);
        let schema = self.runtime.block_on(async {
            let mut tx = db.begin().await?;
            let schema = Schema::load(&mut tx, db.engine()).await;
            tx.finish(false).await?;
            schema
        })?;
        schema.check(&settings.subjects, &settings.links)?;
        self.schema = Some(schema);
        Ok(())
    }

    /// Runs `operation` in one transaction, committed only when `commit`
    /// is set and the operation succeeded; rolled back otherwise.
    fn run<T>(
        &mut self,
        commit: bool,
        operation: impl AsyncFnOnce(&mut Tx, Ctx<'_>) -> Result<T>,
    ) -> Result<T, PluginError> {
        self.ensure_schema()?;
        let ctx = Ctx {
            settings: &self.settings,
            schema: self.schema.as_ref().expect("loaded just above"),
        };
        let db = &self.db;
        let result = self.runtime.block_on(async move {
            let mut tx = db.begin().await?;
            match operation(&mut tx, ctx).await {
                Ok(value) => tx.finish(commit).await.map(|()| value),
                Err(error) => {
                    // The error that matters is the operation's.
                    let _ = tx.finish(false).await;
                    Err(error)
                }
            }
        });
        result.map_err(PluginError::from)
    }
}

impl Plugin for SqlPlugin {
    fn new(settings: serde_json::Value) -> Result<Self, PluginError> {
        let settings = Settings::parse(settings)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PluginError::internal(format!("cannot start a runtime: {e}")))?;
        let db = {
            let _entered = runtime.enter();
            Db::connect_lazy(settings.url(), settings.max_connections, false)?
        };
        Ok(SqlPlugin {
            settings,
            runtime,
            db,
            schema: None,
        })
    }

    fn describe(&self) -> Manifest {
        let mut categories: Vec<DataCategory> = Vec::new();
        let mut identifiers = vec![IdentifierKind::SystemId];
        for subject in &self.settings.subjects {
            for table in std::iter::once(subject).chain(subject.descendants()) {
                if let Some(category) = &table.category {
                    if !categories.contains(category) {
                        categories.push(category.clone());
                    }
                }
            }
            for identifier in &subject.identifiers {
                if !identifiers.contains(&identifier.kind) {
                    identifiers.push(identifier.kind);
                }
            }
        }
        identifiers.sort();
        Manifest {
            name: self.settings.name.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            system: self.settings.system.clone(),
            categories,
            identifiers,
            operations: Operation::ALL.to_vec(),
            test_subject: self.settings.test_subject.clone(),
            capabilities: vec![Capability::Persons, Capability::Scope],
        }
    }

    fn locate(&mut self, subject: &Subject) -> Result<LocateResult, PluginError> {
        self.run(false, async |tx, ctx| {
            ops::locate::locate(tx, ctx, subject).await
        })
    }

    fn export(&mut self, subject: &Subject) -> Result<ExportResult, PluginError> {
        self.run(false, async |tx, ctx| {
            ops::export::export(tx, ctx, subject).await
        })
    }

    fn rectify(
        &mut self,
        subject: &Subject,
        changes: &[Change],
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        self.run(!dry_run, async |tx, ctx| {
            ops::rectify::rectify(tx, ctx, subject, changes, scope, dry_run).await
        })
    }

    fn restrict(
        &mut self,
        subject: &Subject,
        on: bool,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        self.run(!dry_run, async |tx, ctx| {
            ops::restrict::restrict(tx, ctx, subject, on, scope, dry_run).await
        })
    }

    fn erase(
        &mut self,
        subject: &Subject,
        mode: EraseMode,
        scope: Option<&Scope>,
        dry_run: bool,
    ) -> Result<ChangeReport, PluginError> {
        self.run(!dry_run, async |tx, ctx| {
            ops::erase::erase(tx, ctx, subject, mode, scope, dry_run).await
        })
    }

    fn recipients(&mut self, subject: &Subject) -> Result<Vec<Recipient>, PluginError> {
        self.run(false, async |tx, ctx| {
            ops::recipients::recipients(tx, ctx, subject).await
        })
    }

    fn purge_expired(
        &mut self,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<PurgeReport, PluginError> {
        self.run(!dry_run, async |tx, ctx| {
            ops::purge::purge(tx, ctx, now, dry_run).await
        })
    }
}

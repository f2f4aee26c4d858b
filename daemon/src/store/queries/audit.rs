//! Reading the audit chain. Shared SQL of both stores (see `queries/mod.rs`).

macro_rules! sql_audit {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl $crate::store::AuditStore for $store {
            async fn audit_log(
                &self,
            ) -> Result<
                (Vec<$crate::audit::AuditRecord>, $crate::audit::Head),
                $crate::store::StoreError,
            > {
                use sqlx::Row;
                // One read transaction, so rows and head are one snapshot.
                let mut tx = self.pool.begin().await?;
                let rows = sqlx::query(
                    "SELECT seq, at, actor, action, case_ref, detail, prev_hash, hash
                     FROM audit_log ORDER BY seq",
                )
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| {
                    Ok($crate::audit::AuditRecord {
                        seq: r.try_get("seq")?,
                        at: r.try_get("at")?,
                        actor: r.try_get("actor")?,
                        action: r.try_get("action")?,
                        case_ref: r.try_get("case_ref")?,
                        detail: r.try_get("detail")?,
                        prev_hash: r.try_get("prev_hash")?,
                        hash: r.try_get("hash")?,
                    })
                })
                .collect::<Result<Vec<_>, sqlx::Error>>()?;
                let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_one(&mut *tx)
                    .await?;
                let head = $crate::audit::Head {
                    seq: head.try_get("seq")?,
                    hash: head.try_get("hash")?,
                };
                tx.commit().await?;
                Ok((rows, head))
            }
        }
    };
}

pub(crate) use sql_audit;

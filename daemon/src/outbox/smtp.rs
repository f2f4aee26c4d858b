//! Delivery over SMTP with lettre (tokio, rustls), STARTTLS or implicit TLS.

use super::transport::{Delivery, DeliveryError};
use crate::config::{SmtpConfig, SmtpSecurity};
use crate::store::OutboxItem;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// An SMTP client for the configured server.
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpTransport {
    /// Sets up (but does not yet open) the connection.
    pub fn new(c: &SmtpConfig) -> Result<Self, DeliveryError> {
        let setup = |e: String| DeliveryError::Setup(e);
        let mut tls = TlsParameters::builder(c.host.clone());
        if let Some(ca) = &c.ca_file {
            let pem = std::fs::read(ca).map_err(|e| {
                setup(format!(
                    "cannot read outgoing.ca_file {}: {e}",
                    ca.display()
                ))
            })?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                setup(format!(
                    "outgoing.ca_file {} is not a PEM certificate: {e}",
                    ca.display()
                ))
            })?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls.build_rustls().map_err(|e| setup(e.to_string()))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(c.host.clone())
            .port(c.port)
            .timeout(Some(c.timeout))
            .tls(match c.security {
                SmtpSecurity::StartTls => Tls::Required(tls),
                SmtpSecurity::Tls => Tls::Wrapper(tls),
                SmtpSecurity::None => Tls::None,
            });
        if let (Some(user), Some(password)) = (&c.username, &c.password) {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(SmtpTransport {
            inner: builder.build(),
        })
    }
}

impl SmtpTransport {
    /// Connects, says EHLO and (with credentials) logs in, sending nothing:
    /// for `dsrd check`.
    pub async fn check(&self) -> Result<(), DeliveryError> {
        match self.inner.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(DeliveryError::Smtp(
                "the server did not accept the connection".into(),
            )),
            Err(e) => Err(DeliveryError::Smtp(e.to_string())),
        }
    }
}

#[async_trait::async_trait]
impl Delivery for SmtpTransport {
    async fn deliver(&self, item: &OutboxItem) -> Result<(), DeliveryError> {
        let envelope = Envelope::new(
            Some(item.sender.to_lettre()),
            vec![item.recipient.to_lettre()],
        )
        .map_err(|e| DeliveryError::Smtp(e.to_string()))?;
        self.inner
            .send_raw(&envelope, &item.raw)
            .await
            .map(|_| ())
            .map_err(|e| DeliveryError::Smtp(e.to_string()))
    }
}

//! The connection: TCP, then TLS with rustls, either at once (implicit TLS,
//! RFC 8314) or after STARTTLS (RFC 3501 §6.2.1). Certificates are verified
//! against the Mozilla roots plus the configured `ca_file`; there is no way
//! to turn verification off.

use super::error::ImapError;
use crate::config::{ImapConfig, ImapSecurity};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::{self, pki_types::ServerName, ClientConfig, RootCertStore};

/// A connection to the server, plain or protected.
#[derive(Debug)]
pub enum ImapStream {
    /// Plain TCP (`security = "none"`, or before STARTTLS).
    Plain(TcpStream),
    /// TLS over TCP.
    Tls(Box<TlsStream<TcpStream>>),
}

/// Opens the connection the configuration asks for, up to the greeting.
pub async fn connect(c: &ImapConfig) -> Result<async_imap::Client<ImapStream>, ImapError> {
    let tcp = tokio::time::timeout(c.timeout, TcpStream::connect((c.host.as_str(), c.port)))
        .await
        .map_err(|_| ImapError::Timeout("connect"))?
        .map_err(|source| ImapError::Connect {
            host: c.host.clone(),
            port: c.port,
            source,
        })?;
    let _ = tcp.set_nodelay(true);
    let stream = match c.security {
        ImapSecurity::None => ImapStream::Plain(tcp),
        ImapSecurity::Tls => ImapStream::Tls(Box::new(handshake(c, tcp).await?)),
        ImapSecurity::StartTls => {
            let mut client = async_imap::Client::new(tcp);
            greeting(c, &mut client).await?;
            let starttls = client.run_command_and_check_ok("STARTTLS", None);
            super::error::timed(c.timeout, "STARTTLS", starttls)
                .await
                .map_err(|_| ImapError::Unsupported {
                    host: c.host.clone(),
                    what: "STARTTLS",
                    hint: "use security = \"tls\" with the implicit-TLS port (993)",
                })?;
            let tls = handshake(c, client.into_inner()).await?;
            // After STARTTLS the server sends no new greeting (RFC 3501 §6.2.1).
            return Ok(async_imap::Client::new(ImapStream::Tls(Box::new(tls))));
        }
    };
    let mut client = async_imap::Client::new(stream);
    greeting(c, &mut client).await?;
    Ok(client)
}

async fn greeting<T>(c: &ImapConfig, client: &mut async_imap::Client<T>) -> Result<(), ImapError>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match tokio::time::timeout(c.timeout, client.read_response()).await {
        Err(_) => Err(ImapError::Timeout("greeting")),
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err(ImapError::protocol("greeting")(
            async_imap::error::Error::ConnectionLost,
        )),
        Ok(Err(e)) => Err(tls_or_protocol(c, e)),
    }
}

/// A greeting that is not IMAP usually means TLS where plain was expected
/// or the other way round.
fn tls_or_protocol(c: &ImapConfig, e: std::io::Error) -> ImapError {
    ImapError::Tls {
        host: c.host.clone(),
        reason: e.to_string(),
        hint: "check security (\"tls\" on 993, \"starttls\" on 143) and port",
    }
}

async fn handshake(c: &ImapConfig, tcp: TcpStream) -> Result<TlsStream<TcpStream>, ImapError> {
    let config = tls_config(c)?;
    let name = ServerName::try_from(c.host.clone()).map_err(|e| ImapError::Tls {
        host: c.host.clone(),
        reason: e.to_string(),
        hint: "host must be a DNS name or an IP address",
    })?;
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    match tokio::time::timeout(c.timeout, connector.connect(name, tcp)).await {
        Err(_) => Err(ImapError::Timeout("TLS handshake")),
        Ok(Ok(tls)) => Ok(tls),
        Ok(Err(e)) => {
            let certificate = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .is_some_and(|r| matches!(r, rustls::Error::InvalidCertificate(_)));
            Err(ImapError::Tls {
                host: c.host.clone(),
                reason: e.to_string(),
                hint: if certificate {
                    "the server's certificate is not trusted for this host name: set ca_file to the CA (PEM) of a private CA, or fix host"
                } else {
                    "check security (\"tls\" on 993, \"starttls\" on 143) and port"
                },
            })
        }
    }
}

/// The rustls client settings: Mozilla's roots plus `ca_file`, ring as the
/// one crypto provider.
pub fn tls_config(c: &ImapConfig) -> Result<ClientConfig, ImapError> {
    use rustls::pki_types::{pem::PemObject, CertificateDer};
    let bad = |reason: String| ImapError::Tls {
        host: c.host.clone(),
        reason,
        hint: "ca_file must be a readable PEM file with one or more certificates",
    };
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(file) = &c.ca_file {
        let certs = CertificateDer::pem_file_iter(file)
            .map_err(|e| bad(format!("{}: {e}", file.display())))?;
        for cert in certs {
            let cert = cert.map_err(|e| bad(format!("{}: {e}", file.display())))?;
            roots
                .add(cert)
                .map_err(|e| bad(format!("{}: {e}", file.display())))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| bad(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

impl AsyncRead for ImapStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            ImapStream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            ImapStream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for ImapStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            ImapStream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            ImapStream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            ImapStream::Plain(s) => Pin::new(s).poll_flush(cx),
            ImapStream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            ImapStream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            ImapStream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

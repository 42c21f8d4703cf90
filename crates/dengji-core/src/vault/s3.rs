//! The vault in an S3-compatible bucket (SeaweedFS, MinIO, Ceph RGW, Garage, a cloud's
//! object store): `<prefix>/objects/<2 hex>/<62 hex>` named by SHA-256 as in the local
//! folder (packs of chunks and recipes of chunked files under `packs/` and `recipes/`), damaged
//! objects moved to `<prefix>/quarantine/<folder>/`.
//! Every PUT carries the object's SHA-256 checksum, which the server checks before it
//! stores anything; an object is only ever created where none is (put-if-absent), so what
//! is stored is never overwritten; large objects go up in checked parts. Nothing relies on
//! object locks or bucket versioning. Reads are not trusted either: whoever needs the
//! bytes to be right hashes what it reads (verify, restore, backup, repair all do).
//! The core is synchronous: the store runs its requests on a small runtime of its own and
//! waits for them, which works from any thread, also one inside another runtime (the app).

use std::fs::File;
use std::future::Future;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::StreamExt;
use object_store::aws::{AmazonS3, AmazonS3Builder, Checksum};
use object_store::path::Path as Key;
use object_store::{ClientOptions, ObjectStore as _, ObjectStoreExt as _, PutMode, PutOptions, PutPayload, RetryConfig, WriteMultipart};

use super::location::S3Location;
use super::{LocalFile, ObjectReader, ObjectStore, Space, Staged};
use crate::digest::Sha256;
use crate::error::{Error, Result};

/// Objects above this go up in parts (and are not held in memory whole).
const MULTIPART_ABOVE: u64 = 64 << 20;
const PART: usize = 16 << 20;
/// The object that marks a prefix as one archive's vault.
const MARKER: &str = "DENGJI-VAULT.json";

/// What the marker holds: which data directory made the vault.
fn marker_note(data_dir: &Path) -> String {
    serde_json::json!({"dengji_vault": 1, "claimed_by": data_dir.display().to_string()}).to_string()
}
/// Uploads of one batch in flight at once.
const PARALLEL_UPLOADS: usize = 8;

pub(crate) struct S3Store {
    client: Arc<AmazonS3>,
    location: S3Location,
    runtime: Arc<Runtime>,
    space: Space,
}

/// The store's runtime, shared by its spaces (objects, chunks, recipes).
struct Runtime(Option<tokio::runtime::Runtime>);

impl std::fmt::Debug for S3Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Store({})", self.location.url())
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Dropping a runtime waits for its threads, which is refused inside another
        // runtime's task: let them end on their own.
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl S3Store {
    /// A client for the location; nothing is asked of the server yet.
    pub(crate) fn new(location: &S3Location) -> Result<S3Store> {
        // rustls needs a process-wide crypto provider; a second install is refused, harmlessly.
        // ring is deprecated only for lacking post-quantum key exchange; aws-lc-rs, which has
        // it, needs cmake and does not cross-build for Windows with MinGW.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let fail = |message: String| Error::ObjectStore { store: location.url(), what: "连接".into(), message };
        let mut builder = AmazonS3Builder::from_env()
            .with_endpoint(&location.endpoint)
            .with_region(&location.region)
            .with_bucket_name(&location.bucket)
            .with_checksum_algorithm(Checksum::SHA256)
            .with_client_options(
                ClientOptions::new()
                    .with_allow_http(location.endpoint.starts_with("http://"))
                    .with_connect_timeout(Duration::from_secs(5))
                    .with_timeout(Duration::from_secs(300)),
            )
            // A stopped server is an error within seconds, not a minutes-long wait.
            .with_retry(RetryConfig { max_retries: 3, retry_timeout: Duration::from_secs(20), ..Default::default() });
        if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
            if let Some(file) = &location.credentials_file {
                let (id, secret) = read_credentials(file)?;
                builder = builder.with_access_key_id(id).with_secret_access_key(secret);
            }
        }
        let client = builder.build().map_err(|e| fail(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("dengji-s3")
            .enable_all()
            .build()
            .map_err(|e| fail(e.to_string()))?;
        Ok(S3Store {
            client: Arc::new(client),
            location: location.clone(),
            runtime: Arc::new(Runtime(Some(runtime))),
            space: Space::Objects,
        })
    }

    /// Runs a request on the store's runtime and waits for it.
    fn run<T: Send + 'static>(&self, request: impl Future<Output = T> + Send + 'static) -> T {
        let rt = self.runtime.0.as_ref().expect("runtime lives as long as the store");
        match futures::executor::block_on(rt.spawn(request)) {
            Ok(v) => v,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    fn key(&self, rest: &str) -> Key {
        if self.location.prefix.is_empty() {
            Key::from(rest)
        } else {
            Key::from(format!("{}/{rest}", self.location.prefix))
        }
    }

    fn object_key(&self, sha256: &Sha256) -> Key {
        let hex = sha256.to_hex();
        self.key(&format!("{}/{}/{}", self.space.folder(), &hex[..2], &hex[2..]))
    }

    fn error(&self, what: impl Into<String>) -> impl Fn(object_store::Error) -> Error + '_ {
        let what = what.into();
        move |e| Error::ObjectStore { store: self.location.url(), what: what.clone(), message: e.to_string() }
    }

    /// `s3://bucket/key`, how a key is named to the user.
    fn url_of(&self, key: &Key) -> PathBuf {
        PathBuf::from(format!("s3://{}/{key}", self.location.bucket))
    }

    /// Every key under `<prefix>/<folder>/`.
    fn listing(&self, folder: &str, what: &str) -> Result<Vec<object_store::ObjectMeta>> {
        let client = self.client.clone();
        let prefix = self.key(folder);
        let listed = self.run(async move { client.list(Some(&prefix)).collect::<Vec<_>>().await });
        listed.into_iter().collect::<std::result::Result<Vec<_>, _>>().map_err(self.error(what))
    }

    /// Claims the prefix for a new archive: the bucket must answer and hold nothing under
    /// it, and a marker object is created there if absent (so of two archives made at once
    /// on one prefix, one is refused), naming the data directory that claimed it. An `init`
    /// of that same directory that was interrupted may claim it again.
    pub(crate) fn claim(&self, data_dir: &Path) -> Result<()> {
        let client = self.client.clone();
        let prefix = self.key("");
        let first_two = self.run(async move { client.list(Some(&prefix)).take(2).collect::<Vec<_>>().await });
        let first_two = first_two.into_iter().collect::<std::result::Result<Vec<_>, _>>().map_err(self.error("列出存储桶"))?;
        let marker = self.key(MARKER);
        match first_two.as_slice() {
            [] => {}
            [only] if only.location == marker => {
                return if self.claimed_by(data_dir)? { Ok(()) } else { Err(Error::VaultNotEmpty(self.location.url())) };
            }
            _ => return Err(Error::VaultNotEmpty(self.location.url())),
        }
        let client = self.client.clone();
        let options = PutOptions { mode: PutMode::Create, ..Default::default() };
        let note = marker_note(data_dir);
        match self.run(async move { client.put_opts(&marker, PutPayload::from(note.into_bytes()), options).await }) {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => {
                Err(Error::VaultNotEmpty(self.location.url()))
            }
            Err(e) => Err(self.error("写入保管库标记")(e)),
        }
    }

    /// Whether the prefix's marker names the data directory `data_dir` as its own (an
    /// interrupted move into it goes on with what it already uploaded).
    pub(crate) fn claimed_by(&self, data_dir: &Path) -> Result<bool> {
        let client = self.client.clone();
        let key = self.key(MARKER);
        match self.run(async move { client.get(&key).await?.bytes().await }) {
            Ok(held) => Ok(held.as_ref() == marker_note(data_dir).as_bytes()),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(self.error("读取保管库标记")(e)),
        }
    }

    pub(crate) fn is_claimed(&self) -> Result<bool> {
        let client = self.client.clone();
        let marker = self.key(MARKER);
        match self.run(async move { client.head(&marker).await }) {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(self.error("读取保管库标记")(e)),
        }
    }

    /// Uploads one finished temp file under `key`: one checked PUT, or checked parts for a
    /// large one. An object already there is left alone: its name is its content.
    async fn upload(client: Arc<AmazonS3>, key: Key, file: PathBuf) -> std::result::Result<(), UploadError> {
        let len = std::fs::metadata(&file).map_err(UploadError::Io)?.len();
        if len <= MULTIPART_ABOVE {
            let bytes = std::fs::read(&file).map_err(UploadError::Io)?;
            let options = PutOptions { mode: PutMode::Create, ..Default::default() };
            return match client.put_opts(&key, PutPayload::from(bytes), options).await {
                Ok(_) | Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => Ok(()),
                Err(e) => Err(UploadError::Store(e)),
            };
        }
        // Multipart uploads cannot be made conditional everywhere: ask first (two
        // workstations uploading the same content at once write the same bytes).
        match client.head(&key).await {
            Ok(_) => return Ok(()),
            Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => return Err(UploadError::Store(e)),
        }
        let upload = client.put_multipart(&key).await.map_err(UploadError::Store)?;
        let mut parts = WriteMultipart::new_with_chunk_size(upload, PART);
        let mut f = File::open(&file).map_err(UploadError::Io)?;
        let mut buf = vec![0u8; PART];
        loop {
            let n = read_full(&mut f, &mut buf).map_err(UploadError::Io)?;
            if n == 0 {
                break;
            }
            if let Err(e) = parts.wait_for_capacity(4).await {
                let _ = parts.abort().await;
                return Err(UploadError::Store(e));
            }
            parts.write(&buf[..n]);
        }
        parts.finish().await.map(|_| ()).map_err(UploadError::Store)
    }
}

enum UploadError {
    Io(std::io::Error),
    Store(object_store::Error),
}

fn read_full(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

impl ObjectStore for S3Store {
    fn in_space(&self, space: Space) -> Arc<dyn ObjectStore> {
        Arc::new(S3Store { client: self.client.clone(), location: self.location.clone(), runtime: self.runtime.clone(), space })
    }

    fn contains(&self, sha256: &Sha256) -> Result<bool> {
        let client = self.client.clone();
        let key = self.object_key(sha256);
        match self.run(async move { client.head(&key).await }) {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(self.error(format!("查询对象 {}", sha256.to_hex()))(e)),
        }
    }

    fn open(&self, sha256: &Sha256) -> Result<Option<ObjectReader>> {
        let client = self.client.clone();
        let key = self.object_key(sha256);
        let name = self.url_of(&key);
        let got = match self.run(async move { client.get(&key).await }) {
            Ok(got) => got,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(self.error(format!("读取对象 {}", sha256.to_hex()))(e)),
        };
        // A task pulls the body a few chunks ahead of the reader.
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        let rt = self.runtime.0.as_ref().expect("runtime lives as long as the store");
        rt.spawn(async move {
            let mut body = got.into_stream();
            while let Some(chunk) = body.next().await {
                let failed = chunk.is_err();
                if tx.send(chunk).await.is_err() || failed {
                    break;
                }
            }
        });
        Ok(Some(ObjectReader { inner: Box::new(Body { rx, chunk: Bytes::new() }), name }))
    }

    fn read_range(&self, sha256: &Sha256, offset: u64, len: u64) -> Result<Option<Vec<u8>>> {
        let client = self.client.clone();
        let key = self.object_key(sha256);
        match self.run(async move { client.get_range(&key, offset..offset + len).await }) {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(self.error(format!("读取对象 {}", sha256.to_hex()))(e)),
        }
    }

    fn local_file(&self, sha256: &Sha256, scratch: &Path) -> Result<LocalFile> {
        let Some(mut reader) = self.open(sha256)? else { return Err(Error::VaultObject(sha256.to_hex())) };
        crate::private::create_dir_all(scratch)?;
        let mut tmp = tempfile::Builder::new().prefix("fetched-").tempfile_in(scratch).map_err(Error::io(scratch))?;
        std::io::copy(&mut reader, tmp.as_file_mut()).map_err(|e| reader.error(e))?;
        let temp = tmp.into_temp_path();
        Ok(LocalFile { path: temp.to_path_buf(), _fetched: Some(temp) })
    }

    /// Nothing to do: the bytes go up at `settle`.
    fn finish(&self, _file: &File, _path: &Path) -> Result<()> {
        Ok(())
    }

    fn settle(&self, staged: &mut [&mut Staged]) -> Result<()> {
        let uploads: Vec<(usize, Key, PathBuf)> =
            staged.iter().enumerate().filter_map(|(i, s)| s.path.clone().map(|p| (i, self.object_key(&s.sha256), p))).collect();
        let client = self.client.clone();
        let done: Vec<(usize, std::result::Result<(), UploadError>)> = self.run(async move {
            futures::stream::iter(uploads.into_iter().map(|(i, key, file)| {
                let client = client.clone();
                async move { (i, S3Store::upload(client, key, file).await) }
            }))
            .buffer_unordered(PARALLEL_UPLOADS)
            .collect()
            .await
        });
        let mut first_error = None;
        for (i, result) in done {
            let s = &mut staged[i];
            match result {
                Ok(()) => {
                    if let Some(tmp) = s.path.take() {
                        let _ = std::fs::remove_file(tmp);
                    }
                }
                Err(e) if first_error.is_none() => {
                    first_error = Some(match e {
                        UploadError::Io(source) => Error::Io { path: s.path.clone().unwrap_or_default(), source },
                        UploadError::Store(e) => self.error(format!("上传对象 {}", s.sha256.to_hex()))(e),
                    })
                }
                Err(_) => {}
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Nothing to do: no request of ours ever overwrites an object.
    fn protect(&self, _sha256: &Sha256) -> Result<()> {
        Ok(())
    }

    fn remove(&self, sha256: &Sha256) -> Result<bool> {
        if !self.contains(sha256)? {
            return Ok(false);
        }
        let client = self.client.clone();
        let key = self.object_key(sha256);
        self.run(async move { client.delete(&key).await }).map_err(self.error(format!("删除对象 {}", sha256.to_hex())))?;
        Ok(true)
    }

    fn quarantine(&self, sha256: &Sha256, folder: &str) -> Result<PathBuf> {
        let client = self.client.clone();
        let from = self.object_key(sha256);
        let to = self.key(&format!("quarantine/{folder}/{}", self.space.quarantine_name(sha256)));
        let named = self.url_of(&to);
        self.run(async move {
            client.copy(&from, &to).await?;
            client.delete(&from).await
        })
        .map_err(self.error(format!("隔离对象 {}", sha256.to_hex())))?;
        Ok(named)
    }

    fn list(&self) -> Result<Vec<Sha256>> {
        Ok(self.list_sized()?.into_iter().map(|(sha, _)| sha).collect())
    }

    fn list_sized(&self) -> Result<Vec<(Sha256, u64)>> {
        // `…/objects/<2 hex>/<62 hex>`; anything else under the prefix is not an object.
        Ok(self
            .listing(self.space.folder(), "列出对象")?
            .iter()
            .filter_map(|meta| {
                let mut parts: Vec<&str> = meta.location.as_ref().rsplitn(3, '/').collect();
                parts.truncate(2);
                let sha = (parts.len() == 2).then(|| format!("{}{}", parts[1], parts[0]).parse().ok()).flatten();
                sha.map(|s| (s, meta.size))
            })
            .collect())
    }

    fn quarantined(&self) -> Result<Vec<(PathBuf, u64)>> {
        Ok(self.listing("quarantine", "列出隔离区")?.into_iter().map(|meta| (self.url_of(&meta.location), meta.size)).collect())
    }

    fn overwrite(&self, sha256: &Sha256, bytes: Option<&[u8]>) -> Result<()> {
        let client = self.client.clone();
        let key = self.object_key(sha256);
        let bytes = bytes.map(|b| PutPayload::from(b.to_vec()));
        self.run(async move {
            match bytes {
                Some(b) => client.put(&key, b).await.map(|_| ()),
                None => client.delete(&key).await,
            }
        })
        .map_err(self.error("测试改写对象"))
    }
}

/// An object's body as it arrives.
struct Body {
    rx: tokio::sync::mpsc::Receiver<object_store::Result<Bytes>>,
    chunk: Bytes,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.chunk.is_empty() {
            match futures::executor::block_on(self.rx.recv()) {
                Some(Ok(chunk)) => self.chunk = chunk,
                Some(Err(e)) => return Err(std::io::Error::other(e)),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.chunk.len());
        buf[..n].copy_from_slice(&self.chunk.split_to(n));
        Ok(n)
    }
}

/// The access key pair from an AWS-style credentials file's `[default]` section. The file
/// must be readable by its owner only, as the AWS tools and ssh require of secrets.
fn read_credentials(path: &Path) -> Result<(String, String)> {
    let bad = |why: &str| Error::S3Credentials { path: path.to_path_buf(), why: why.to_string() };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_err(Error::io(path))?.permissions().mode();
        if mode & 0o077 != 0 {
            return Err(bad("其他用户可以读取（请执行 chmod 600）"));
        }
    }
    let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
    let (mut id, mut secret, mut section) = (None, None, String::new());
    for line in text.lines().map(str::trim) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
        } else if let Some((k, v)) = line.split_once('=') {
            if section == "default" {
                match k.trim() {
                    "aws_access_key_id" => id = Some(v.trim().to_string()),
                    "aws_secret_access_key" => secret = Some(v.trim().to_string()),
                    _ => {}
                }
            }
        }
    }
    match (id, secret) {
        (Some(id), Some(secret)) if !id.is_empty() && !secret.is_empty() => Ok((id, secret)),
        _ => Err(bad("[default] 段缺少 aws_access_key_id 或 aws_secret_access_key")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_come_from_a_private_file_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("credentials");
        std::fs::write(&path, "[other]\naws_access_key_id = X\n[default]\naws_access_key_id = AK\naws_secret_access_key = SK\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(read_credentials(&path).unwrap_err().code(), "s3_credentials");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert_eq!(read_credentials(&path).unwrap(), ("AK".to_string(), "SK".to_string()));
        std::fs::write(&path, "[default]\naws_access_key_id = AK\n").unwrap();
        assert_eq!(read_credentials(&path).unwrap_err().code(), "s3_credentials");
    }
}

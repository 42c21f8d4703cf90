//! A TCP proxy in front of the S3-compatible cluster (or the PostgreSQL server) that can be cut: once a budget of
//! bytes has passed it drops every connection and turns new ones away until healed, as
//! a store that stops in the middle of a job does. Deterministic: the cut comes after a
//! byte count, not after a time.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Default)]
struct State {
    /// Bytes still allowed through (None: no limit).
    budget: Option<u64>,
    cut: bool,
    /// Every socket of a live connection, to shut down at the cut.
    open: Vec<TcpStream>,
}

impl State {
    fn cut(&mut self) {
        self.cut = true;
        for s in self.open.drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

pub struct CutProxy {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl CutProxy {
    /// Listens on a free loopback port and forwards to `upstream` (`host:port`).
    pub fn start(upstream: &str) -> CutProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State::default()));
        let upstream = upstream.to_string();
        let shared = state.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if shared.lock().unwrap().cut {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                }
                let Ok(server) = TcpStream::connect(&upstream) else { continue };
                {
                    let mut s = shared.lock().unwrap();
                    s.open.push(client.try_clone().unwrap());
                    s.open.push(server.try_clone().unwrap());
                }
                for (from, to) in [(client.try_clone().unwrap(), server.try_clone().unwrap()), (server, client)] {
                    let shared = shared.clone();
                    thread::spawn(move || pump(from, to, &shared));
                }
            }
        });
        CutProxy { addr, state }
    }

    /// `127.0.0.1:PORT`, for a URL of another scheme (a database's).
    pub fn addr(&self) -> String {
        self.addr.to_string()
    }

    /// The endpoint to give Dengji instead of the cluster's.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Lets `bytes` more through (both directions counted), then cuts.
    pub fn cut_after(&self, bytes: u64) {
        self.state.lock().unwrap().budget = Some(bytes);
    }

    /// Lets everything through again.
    pub fn heal(&self) {
        let mut s = self.state.lock().unwrap();
        s.budget = None;
        s.cut = false;
    }

    pub fn was_cut(&self) -> bool {
        self.state.lock().unwrap().cut
    }
}

fn pump(mut from: TcpStream, mut to: TcpStream, state: &Mutex<State>) {
    let mut buf = vec![0u8; 64 << 10];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let allowed = {
            let mut s = state.lock().unwrap();
            if s.cut {
                0
            } else {
                match s.budget {
                    None => n,
                    Some(left) if (n as u64) < left => {
                        s.budget = Some(left - n as u64);
                        n
                    }
                    Some(left) => {
                        s.budget = Some(0);
                        left as usize
                    }
                }
            }
        };
        if allowed > 0 && to.write_all(&buf[..allowed]).is_err() {
            break;
        }
        if allowed < n {
            state.lock().unwrap().cut();
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

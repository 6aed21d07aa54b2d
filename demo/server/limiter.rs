use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Token bucket per client id.
pub struct Limiter {
    buckets: HashMap<String, (u32, Instant)>,
    per_minute: u32,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Self {
        Limiter { buckets: HashMap::new(), per_minute }
    }

    // TODO(sam): evict idle buckets, the map grows forever in 2 weeks !medium #perf
    pub fn allow(&mut self, client: &str) -> bool {
        let now = Instant::now();
        let entry = self.buckets.entry(client.to_string()).or_insert((self.per_minute, now));
        if now.duration_since(entry.1) > Duration::from_secs(60) {
            *entry = (self.per_minute, now);
        }
        if entry.0 == 0 {
            return false;
        }
        entry.0 -= 1;
        true
    }
}

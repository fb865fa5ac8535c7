//! How much memory the process may still take, so that a size that cannot
//! fit is refused up front with its figure, instead of the allocation
//! failing half-way (an abort, exit 134, a backtrace and temp files left).
//!
//! Why not catch the failure: Rust aborts on a failed allocation (the hook
//! to change that is unstable), and on Linux a large allocation usually
//! succeeds anyway and the process is killed later, when its pages are
//! touched. Checking the size against what is available is the one answer
//! that works both with and without `ulimit -v`.

/// Bytes the process can still allocate: the smaller of the memory the
/// system has available and what is left under the process's address-space
/// limit (`ulimit -v`). `None` when neither can be read (not Linux).
pub fn available() -> Option<u64> {
    let system = meminfo_available();
    let limit = address_space_left();
    match (system, limit) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `MemAvailable` of `/proc/meminfo`, in bytes.
fn meminfo_available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    kib_field(&text, "MemAvailable:")
}

/// The soft address-space limit less the address space already in use, in
/// bytes; `None` when unlimited or unknown.
fn address_space_left() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max address space"))?;
    let soft: u64 = line.split_whitespace().nth(3)?.parse().ok()?;
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let used = kib_field(&status, "VmSize:").unwrap_or(0);
    Some(soft.saturating_sub(used))
}

/// The value of a `Name:   1234 kB` line, in bytes.
fn kib_field(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|l| l.starts_with(name))?;
    let kib: u64 = line[name.len()..].split_whitespace().next()?.parse().ok()?;
    Some(kib.saturating_mul(1024))
}

/// A byte count for messages: `8.3 GB`, `512.0 MB`.
pub fn human(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= 1e9 {
        format!("{:.1} GB", b / 1e9)
    } else {
        format!("{:.1} MB", b / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_in_bytes() {
        let text = "MemTotal:  100 kB\nMemAvailable:   2048 kB\n";
        assert_eq!(kib_field(text, "MemAvailable:"), Some(2 << 20));
        assert_eq!(kib_field(text, "Swap:"), None);
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human(8_300_000_000), "8.3 GB");
        assert_eq!(human(600_000_000), "600.0 MB");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn some_memory_is_available_on_linux() {
        assert!(available().is_some_and(|b| b > 0));
    }
}

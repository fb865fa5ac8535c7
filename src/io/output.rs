//! Writing results without ever leaving a half-written file.
//!
//! A regular file is written to a temporary file in the same directory and
//! renamed over the destination only when everything succeeded; on any error
//! the temporary file is removed and the old file is untouched. A symbolic
//! link to a file stays a link: the file it leads to is replaced. Devices,
//! pipes and descriptors (`/dev/stdout`, a FIFO) are written directly, even
//! when the shell pointed the descriptor at a regular file: renaming over
//! `/dev/stdout` would replace the system's link. No path means standard
//! output.
//!
//! A run ended by Ctrl-C or SIGTERM (see [`remove_unfinished_on_signals`])
//! removes the temporary files of the outputs it had not committed: each
//! is registered while it exists, and the rename that commits it and the
//! signal handler take the same lock, so a file is either committed whole
//! or removed.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

use tempfile::{NamedTempFile, TempPath};

use crate::error::{Error, Result};

enum Commit {
    /// Rename the temporary file to the destination.
    Rename(TempPath, PathBuf, Unfinished),
    /// Written in place (stdout, device, pipe).
    Direct,
}

/// Whether a regular-file output waits for the disk before it is renamed
/// into place. Either way other programs never see a half-written file
/// (it is renamed only when complete); the difference is a power loss or
/// kernel crash soon after the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// Synced to disk, then renamed: a crash never leaves a renamed but
    /// empty or short file. For models and reports (small), and for
    /// predictions with `--sync`.
    #[default]
    Synced,
    /// Renamed as soon as it is written, the disk left to the kernel, as
    /// most tools do. Predictions by default: on this machine the syncs
    /// made a 300k-row run 11-15% slower (the disk writes compete with the
    /// labeling), for a file the same command makes again.
    Renamed,
}

/// A buffered output that is committed by [`Output::finish`].
pub struct Output {
    writer: BufWriter<Sink>,
    commit: Commit,
    /// Name used in error messages.
    name: PathBuf,
}

impl Output {
    /// Open `path` for writing, or standard output when `None` or `-`; a
    /// regular file is synced before it is put in place.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        Output::create_with(path, Durability::Synced)
    }

    /// [`create`](Self::create), with the file's [`Durability`] chosen.
    pub fn create_with(path: Option<&Path>, durability: Durability) -> Result<Output> {
        let path = match path {
            None => return Ok(Output::stdout()),
            Some(p) if p.as_os_str() == "-" => return Ok(Output::stdout()),
            Some(p) => p,
        };
        // `/dev/stdout` and its kin lead to a descriptor this process holds:
        // write through it, so the shell's redirection (append mode, say)
        // holds, and never rename over the link, even when the descriptor
        // is a regular file.
        let dest = follow_links(path);
        let descriptor = descriptor_of(&dest);
        match descriptor {
            Some(1) => return Ok(Output::direct(Box::new(io::stdout()), path)),
            Some(2) => return Ok(Output::direct(Box::new(io::stderr()), path)),
            _ => {}
        }
        if let Ok(meta) = std::fs::metadata(&dest) {
            if meta.is_dir() {
                return Err(Error::file(
                    path,
                    "is a directory, cannot write output there",
                ));
            }
            if !meta.is_file() || descriptor.is_some() {
                let f = OpenOptions::new()
                    .write(true)
                    .truncate(meta.is_file())
                    .open(&dest)
                    .map_err(|e| Error::io(path, e))?;
                return Ok(Output::direct(Box::new(f), path));
            }
        }
        // A symbolic link stays one: the file it leads to is replaced.
        let dir = existing_parent(path, &dest)?;
        // Created and registered under one lock: a signal between the two
        // would leave the file behind.
        let mut unfinished = unfinished_files();
        let tmp = NamedTempFile::with_prefix_in(".rhetoric-tmp-", &dir).map_err(|e| {
            // The output is written next to its destination first; a
            // directory that takes no new files (/proc, /sys) said "no such
            // file", which named the wrong problem.
            Error::file(
                path,
                format!("cannot write a file in {} ({})", dir.display(), e.kind()),
            )
        })?;
        set_permissions(tmp.as_file(), &dest).map_err(|e| Error::io(path, e))?;
        let (file, temp_path) = tmp.into_parts();
        unfinished.push(temp_path.to_path_buf());
        drop(unfinished);
        let registered = Unfinished(temp_path.to_path_buf());
        Ok(Output {
            writer: BufWriter::with_capacity(BUFFER, Sink::Temp(TempFile::new(file, durability))),
            commit: Commit::Rename(temp_path, dest, registered),
            name: path.to_path_buf(),
        })
    }

    fn stdout() -> Output {
        Output::direct(Box::new(io::stdout()), Path::new("<stdout>"))
    }

    fn direct(w: Box<dyn Write>, name: &Path) -> Output {
        Output {
            writer: BufWriter::with_capacity(BUFFER, Sink::Direct(w)),
            commit: Commit::Direct,
            name: name.to_path_buf(),
        }
    }

    /// The name to use in messages about this output.
    pub fn name(&self) -> &Path {
        &self.name
    }

    /// Wrap an I/O error from writing with this output's name.
    pub fn error(&self, e: io::Error) -> Error {
        Error::io(&self.name, e)
    }

    /// Flush, sync (when [`Durability::Synced`]) and put the file in place.
    pub fn finish(self) -> Result<()> {
        let Output {
            writer,
            commit,
            name,
        } = self;
        let inner = writer
            .into_inner()
            .map_err(|e| Error::io(&name, e.into_error()))?;
        match (inner, commit) {
            (Sink::Temp(file), Commit::Rename(temp, dest, _registered)) => {
                file.sync_all().map_err(|e| Error::io(&dest, e))?;
                // Held until the file is in place; `_registered`, dropped
                // after it, then takes it off the list.
                let _no_signal_now = unfinished_files();
                if exchange(&temp, &dest) {
                    // `temp` now names the old file, which its drop removes.
                    return Ok(());
                }
                temp.persist(&dest).map_err(|e| Error::io(&dest, e.error))
            }
            _ => Ok(()),
        }
    }
}

/// Temporary files of outputs not yet committed.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The list of unfinished temporary files, locked (a thread that panicked
/// holding the lock left the list itself intact).
fn unfinished_files() -> MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner())
}

/// An entry of [`UNFINISHED`], taken off the list when dropped (the file
/// was committed, or removed with its `TempPath`).
struct Unfinished(PathBuf);

impl Drop for Unfinished {
    fn drop(&mut self) {
        unfinished_files().retain(|p| p != &self.0);
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP, remove the temporary files of the outputs
/// not yet committed, say so, and exit 130: the old files stay as they
/// were and no hidden `.rhetoric-tmp-*` file is left (up to the size of
/// the whole output). Call once, at the start of the program.
pub fn remove_unfinished_on_signals() -> Result<()> {
    ctrlc::set_handler(|| {
        // The lock is kept until exit: no output is committed after this.
        let files = unfinished_files();
        for f in files.iter() {
            let _ = std::fs::remove_file(f);
        }
        if files.is_empty() {
            eprintln!("rhetoric: interrupted");
        } else {
            eprintln!("rhetoric: interrupted; the unfinished output was removed and any old file left as it was");
        }
        std::process::exit(130);
    })
    .map_err(|e| Error::Internal(format!("cannot handle signals: {e}")))
}

/// Swap the finished temporary file `temp` with the existing regular file
/// `dest` in one atomic step (Linux's `renameat2` with `RENAME_EXCHANGE`);
/// false, with nothing changed, when `dest` is not a regular file or the
/// file system cannot swap (the caller then renames).
///
/// Why not rename over `dest`: ext4 then writes the new file's delayed
/// blocks out before the rename returns (its guard for programs that do
/// not sync), and an unsynced 85 MB output waited about 40 ms for it (of
/// 67 ms, against 0.1 ms for the swap and 27 ms to remove the old file;
/// measured here). A synced output has nothing left to write out, so
/// this changes nothing for it.
#[cfg(target_os = "linux")]
fn exchange(temp: &Path, dest: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    if !std::fs::symlink_metadata(dest).is_ok_and(|m| m.is_file()) {
        return false;
    }
    renameat_with(CWD, temp, CWD, dest, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_temp: &Path, _dest: &Path) -> bool {
    false
}

/// Output buffer size.
const BUFFER: usize = 64 << 10;

/// Where an [`Output`]'s bytes go.
enum Sink {
    /// The temporary file of a regular-file output.
    Temp(TempFile),
    /// Standard output, a device or a pipe.
    Direct(Box<dyn Write>),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Temp(f) => f.write(buf),
            Sink::Direct(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Temp(f) => f.flush(),
            Sink::Direct(w) => w.flush(),
        }
    }
}

/// Bytes written between two background syncs.
const SYNC_EVERY: u64 = 16 << 20;

/// The temporary file of an output, put on disk while it is being written
/// when it is to be [`Durability::Synced`].
///
/// Such a file is synced before it is renamed into place, so that a crash
/// never leaves a renamed but empty file. Synced only then, 90 MB of
/// predictions kept the run waiting 60 ms at the end with both cores
/// idle; a helper thread now syncs what has been written every
/// [`SYNC_EVERY`] bytes, while the labeling goes on, and the last sync
/// has only the tail left to write.
struct TempFile {
    file: File,
    syncing: bool,
    unsynced: u64,
    helper: Option<SyncHelper>,
}

struct SyncHelper {
    nudge: SyncSender<()>,
    done: JoinHandle<io::Result<()>>,
}

impl TempFile {
    fn new(file: File, durability: Durability) -> Self {
        TempFile {
            file,
            syncing: durability == Durability::Synced,
            unsynced: 0,
            helper: None,
        }
    }

    /// Ask the helper to sync (started on first need, so that small
    /// outputs never start a thread); a sync still running covers the
    /// nudge, as it will reach the bytes written so far or the next one will.
    fn nudge(&mut self) -> io::Result<()> {
        if self.helper.is_none() {
            let file = self.file.try_clone()?;
            let (nudge, nudged) = sync_channel::<()>(1);
            let done = std::thread::Builder::new()
                .name("output-sync".into())
                .spawn(move || {
                    for () in nudged {
                        file.sync_data()?;
                    }
                    Ok(())
                })?;
            self.helper = Some(SyncHelper { nudge, done });
        }
        if let Some(h) = &self.helper {
            match h.nudge.try_send(()) {
                Ok(()) | Err(TrySendError::Full(())) => {}
                // The helper stopped on an error; `sync_all` reports it.
                Err(TrySendError::Disconnected(())) => {}
            }
        }
        Ok(())
    }

    /// Wait for the helper, then sync the whole file (when syncing).
    fn sync_all(self) -> io::Result<()> {
        if let Some(SyncHelper { nudge, done }) = self.helper {
            drop(nudge);
            done.join()
                .unwrap_or_else(|_| Err(io::Error::other("output sync thread panicked")))?;
        }
        if self.syncing {
            self.file.sync_all()?;
        }
        Ok(())
    }
}

impl Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.unsynced += n as u64;
        if self.syncing && self.unsynced >= SYNC_EVERY {
            self.unsynced = 0;
            self.nudge()?;
        }
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Temporary files are created private (0600); give the result the mode
/// of the file it replaces, or what a plain `create` would give (0666 less
/// the umask; 0644 under the usual umask 022).
#[cfg(unix)]
fn set_permissions(file: &File, dest: &Path) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dest)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_permissions(_file: &File, _dest: &Path) -> io::Result<()> {
    Ok(())
}

/// Where `path` leads once its symbolic links (of the path itself, not of
/// its directories) are followed: a link's target, read relative to the
/// link's directory, until a name that is no link. Stops at
/// `/proc/self/fd/N` and `/dev/fd/N`, whose "targets" are descriptions of
/// open files, not paths to write to.
fn follow_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    // As many hops as the kernel follows before giving up (ELOOP).
    for _ in 0..40 {
        if descriptor_of(&p).is_some() {
            break;
        }
        match std::fs::read_link(&p) {
            Ok(target) => p = parent_dir(&p).join(target),
            Err(_) => break,
        }
    }
    p
}

/// The descriptor number `path` names when it is `/dev/stdout`,
/// `/dev/stderr`, `/dev/fd/N` or `/proc/self/fd/N`.
fn descriptor_of(path: &Path) -> Option<u32> {
    let s = path.to_str()?;
    match s {
        "/dev/stdout" => Some(1),
        "/dev/stderr" => Some(2),
        _ => s
            .strip_prefix("/dev/fd/")
            .or_else(|| s.strip_prefix("/proc/self/fd/"))
            .and_then(|n| n.parse().ok()),
    }
}

/// The directory `dest` (the output `path`, links followed) goes in, or an
/// error naming `path` when that directory does not exist.
fn existing_parent(path: &Path, dest: &Path) -> Result<PathBuf> {
    let dir = parent_dir(dest);
    if !dir.is_dir() {
        return Err(Error::file(
            path,
            format!(
                "cannot write here: directory {} does not exist",
                dir.display()
            ),
        ));
    }
    Ok(dir)
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// True when `a` and `b` name the same existing file, however spelled
/// (`x.csv`, `./x.csv`, a symlink).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Whether `path` is the file standard input reads (`rhetoric predict - -o
/// art.txt < art.txt`): the same device and inode.
#[cfg(unix)]
fn is_stdin(path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(path), std::fs::metadata("/dev/stdin")) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_stdin(_path: &Path) -> bool {
    false
}

/// Refuse to write `out` over one of `inputs` (which it would destroy);
/// `-` among the inputs stands for whatever standard input is.
pub fn refuse_overwriting(out: &Path, inputs: &[&Path]) -> Result<()> {
    if out.as_os_str() == "-" || !out.is_file() {
        return Ok(()); // stdout, a device or a pipe, or not there yet
    }
    for input in inputs {
        let same = if input.as_os_str() == "-" {
            is_stdin(out)
        } else {
            same_file(out, input)
        };
        if same {
            return Err(Error::file(
                out,
                format!(
                    "is also an input ({}); refusing to overwrite it",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Write `bytes` to `path` atomically (temporary file, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut out = Output::create(Some(path))?;
    out.write_all(bytes).map_err(|e| out.error(e))?;
    out.finish()
}

/// Fail early when `path` could not be written later (missing directory,
/// a directory in the way), before spending minutes on training.
pub fn check_writable(path: &Path) -> Result<()> {
    if path.as_os_str() == "-" {
        return Ok(());
    }
    if path.is_dir() {
        return Err(Error::file(
            path,
            "is a directory, cannot write output there",
        ));
    }
    let dest = follow_links(path);
    if descriptor_of(&dest).is_some() {
        return Ok(());
    }
    existing_parent(path, &dest).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unfinished_output_leaves_old_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("out.csv");
        std::fs::write(&p, "old").unwrap();
        {
            let mut o = Output::create(Some(&p)).unwrap();
            o.write_all(b"new partial").unwrap();
            // dropped without finish
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
    }

    #[test]
    fn large_outputs_are_synced_while_written_and_committed_whole() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.csv");
        std::fs::write(&p, "old").unwrap();
        let block: Vec<u8> = (0..1 << 20).map(|i| b'a' + (i % 26) as u8).collect();
        let blocks = (SYNC_EVERY >> 20) as usize * 2 + 3;
        // Past several syncs, then dropped: the old file stays, no litter.
        {
            let mut o = Output::create(Some(&p)).unwrap();
            for _ in 0..blocks {
                o.write_all(&block).unwrap();
            }
            assert!(matches!(o.writer.get_ref(), Sink::Temp(f) if f.helper.is_some()));
        }
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        // Finished: every byte in place.
        let mut o = Output::create(Some(&p)).unwrap();
        for _ in 0..blocks {
            o.write_all(&block).unwrap();
        }
        o.write_all(b"end").unwrap();
        o.finish().unwrap();
        let got = std::fs::read(&p).unwrap();
        assert_eq!(got.len(), blocks * block.len() + 3);
        assert!(got.chunks(block.len()).take(blocks).all(|c| c == block));
        assert!(got.ends_with(b"end"));
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn exchange_swaps_two_files_and_nothing_else() {
        let d = tempfile::tempdir().unwrap();
        let (a, b) = (d.path().join("a"), d.path().join("b"));
        std::fs::write(&a, "new").unwrap();
        std::fs::write(&b, "old").unwrap();
        // (ext4, xfs, btrfs, tmpfs and overlayfs can all swap.)
        assert!(exchange(&a, &b));
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "new");
        // No destination, or one that is not a regular file: no swap.
        let missing = d.path().join("missing");
        assert!(!exchange(&a, &missing));
        assert!(!missing.exists());
        let dir = d.path().join("dir");
        std::fs::create_dir(&dir).unwrap();
        assert!(!exchange(&a, &dir));
        assert!(dir.is_dir() && a.is_file());
    }

    #[test]
    fn renamed_outputs_are_committed_whole_without_syncing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.csv");
        std::fs::write(&p, "old").unwrap();
        let block = vec![b'x'; 1 << 20];
        let blocks = (SYNC_EVERY >> 20) as usize * 2 + 3;
        let write = |finish: bool| {
            let mut o = Output::create_with(Some(&p), Durability::Renamed).unwrap();
            for _ in 0..blocks {
                o.write_all(&block).unwrap();
            }
            assert!(matches!(o.writer.get_ref(), Sink::Temp(f) if f.helper.is_none()));
            if finish {
                o.finish().unwrap();
            }
        };
        // Dropped unfinished: the old file stays, no litter.
        write(false);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        write(true);
        assert_eq!(std::fs::read(&p).unwrap().len(), blocks * block.len());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_and_keep_the_old_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("new.csv");
        write_atomic(&p, b"x").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o644
        );
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"y").unwrap();
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_the_output_stays_a_link() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("runs")).unwrap();
        let target = d.path().join("runs/out.csv");
        std::fs::write(&target, "old").unwrap();
        // A relative link, itself reached through a second link.
        let link = d.path().join("latest.csv");
        std::os::unix::fs::symlink("runs/out.csv", &link).unwrap();
        let link2 = d.path().join("current.csv");
        std::os::unix::fs::symlink(&link, &link2).unwrap();
        write_atomic(&link2, b"new").unwrap();
        for l in [&link, &link2] {
            assert!(std::fs::symlink_metadata(l)
                .unwrap()
                .file_type()
                .is_symlink());
        }
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // The temporary file was made beside the target, and is gone.
        assert_eq!(std::fs::read_dir(d.path().join("runs")).unwrap().count(), 1);
        assert!(check_writable(&link2).is_ok());
    }

    #[test]
    fn descriptor_paths_are_recognised() {
        for (p, n) in [
            ("/dev/stdout", Some(1)),
            ("/dev/stderr", Some(2)),
            ("/dev/fd/1", Some(1)),
            ("/proc/self/fd/7", Some(7)),
            ("/dev/fd/x", None),
            ("out.csv", None),
        ] {
            assert_eq!(descriptor_of(Path::new(p)), n, "{p}");
        }
    }

    #[test]
    fn missing_directory_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("nope/out.csv");
        let e = Output::create(Some(&p)).err().unwrap().to_string();
        assert!(e.contains("does not exist"), "{e}");
        assert!(check_writable(&p).is_err());
    }
}

//! Mapping independent items over the machine's cores, keeping their order.
//!
//! Only large inputs are split: each worker gets at least `min_per_worker` items, so the few
//! files of a usual plan stay on the calling thread and start no thread, with the stack and
//! allocator arena a thread brings.

use std::num::NonZeroUsize;
use std::sync::OnceLock;
use std::thread;

/// The most worker threads one call uses.
const MAX_WORKERS: usize = 4;

/// `items.iter().map(f).collect()`, computed in contiguous chunks, one per worker: as many
/// workers as there are cores, up to [`MAX_WORKERS`], each with at least `min_per_worker` items.
/// The output is in input order, so it is the same whichever way it ran.
pub(crate) fn map_in_order<'a, T, R, F>(items: &'a [T], min_per_worker: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&'a T) -> R + Sync,
{
    let workers = if items.len() < 2 * min_per_worker {
        1
    } else {
        worker_count(items.len(), min_per_worker, cores())
    };
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(workers);
    let f = &f;
    thread::scope(|scope| {
        let mut chunks = items.chunks(chunk);
        let first = chunks.next().unwrap_or_default();
        // A thread that cannot be started leaves its chunk to this one.
        let spawned: Vec<_> = chunks
            .map(|part| {
                let handle = thread::Builder::new()
                    .spawn_scoped(scope, move || part.iter().map(f).collect::<Vec<R>>());
                (part, handle)
            })
            .collect();
        let mut out: Vec<R> = Vec::with_capacity(items.len());
        out.extend(first.iter().map(f));
        for (part, handle) in spawned {
            match handle.map(|h| h.join()) {
                Ok(Ok(results)) => out.extend(results),
                Ok(Err(panic)) => std::panic::resume_unwind(panic),
                Err(_) => out.extend(part.iter().map(f)),
            }
        }
        out
    })
}

/// Asked once: the standard library reads the cgroup's CPU quota each time.
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| thread::available_parallelism().map_or(1, NonZeroUsize::get))
}

fn worker_count(items: usize, min_per_worker: usize, cores: usize) -> usize {
    (items / min_per_worker.max(1)).clamp(1, cores.clamp(1, MAX_WORKERS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_inputs_stay_on_one_thread_and_large_ones_use_the_cores() {
        assert_eq!(worker_count(0, 256, 8), 1);
        assert_eq!(worker_count(511, 256, 8), 1);
        assert_eq!(worker_count(512, 256, 8), 2);
        assert_eq!(worker_count(10_000, 256, 2), 2);
        assert_eq!(worker_count(10_000, 256, 64), MAX_WORKERS);
        assert_eq!(worker_count(10_000, 0, 0), 1);
    }

    #[test]
    fn output_keeps_input_order_whatever_the_split() {
        let items: Vec<u32> = (0..10_007).collect();
        let expected: Vec<u64> = items.iter().map(|&i| u64::from(i) * 3).collect();
        for min_per_worker in [1, 7, 256, 20_000] {
            let ids = std::sync::Mutex::new(std::collections::HashSet::new());
            let got = map_in_order(&items, min_per_worker, |&i| {
                if let Ok(mut ids) = ids.lock() {
                    ids.insert(thread::current().id());
                }
                u64::from(i) * 3
            });
            assert_eq!(got, expected, "min_per_worker {min_per_worker}");
            let threads = ids.into_inner().map(|ids| ids.len()).unwrap_or(0);
            let expected_threads = worker_count(items.len(), min_per_worker, cores());
            assert_eq!(threads, expected_threads, "min_per_worker {min_per_worker}");
        }
    }
}

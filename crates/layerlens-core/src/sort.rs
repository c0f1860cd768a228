//! One sort for the engine's first-load code. Every `sort_by_key` or `sort_unstable` of std is a
//! sort of its own in the wasm (≈ 4.5 KB each; the page's first load carried twelve). Here the
//! keys are computed once and *indices* are sorted by one comparator type, so every caller shares
//! a single instantiation of the slice sort; only the small key-and-permute part is per type.
//! Stable: equal keys keep their order.

use std::cmp::Ordering;

/// Sorts `v` by `key`, stably (like `slice::sort_by_key`, the key computed once per element).
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    if v.len() < 2 {
        return;
    }
    let keys: Vec<K> = v.iter().map(key).collect();
    let mut idx: Vec<u32> = (0..v.len() as u32).collect();
    sort_indices(&mut idx, &|a, b| keys[a as usize].cmp(&keys[b as usize]));
    let mut slots: Vec<Option<T>> = std::mem::take(v).into_iter().map(Some).collect();
    v.extend(idx.iter().filter_map(|&i| slots[i as usize].take()));
}

/// Sorts and removes repeats (`sort_unstable` + `dedup`) of plain values.
pub fn sort_dedup<T: Ord + Copy>(v: &mut Vec<T>) {
    sort_by_key(v, |x| *x);
    v.dedup();
}

// Not generic: the one instantiation of the slice sort every caller above goes through.
#[inline(never)]
fn sort_indices(idx: &mut [u32], cmp: &dyn Fn(u32, u32) -> Ordering) {
    idx.sort_by(|a, b| cmp(*a, *b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_like_std() {
        let mut v: Vec<(u32, &str)> = vec![(3, "a"), (1, "b"), (3, "c"), (0, "d"), (1, "e")];
        let mut want = v.clone();
        want.sort_by_key(|x| x.0);
        sort_by_key(&mut v, |x| x.0);
        assert_eq!(v, want);
        let mut d = vec![5, 1, 5, 2, 1];
        sort_dedup(&mut d);
        assert_eq!(d, [1, 2, 5]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }
}

//! The squarified treemap layout (Bruls, Huizing and van Wijk, 2000): rectangles whose areas are
//! proportional to the sizes, as close to squares as the greedy rows allow. Pure: tested
//! natively; the Image view draws it (`view/treemap.rs`).

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The worst aspect ratio of a row of `areas` (summing to `sum`) laid along a side `side` long.
fn worst(areas: &[f64], sum: f64, side: f64) -> f64 {
    let (s2, sum2) = (side * side, sum * sum);
    areas
        .iter()
        .map(|&a| (s2 * a / sum2).max(sum2 / (s2 * a)))
        .fold(0.0, f64::max)
}

/// One rectangle per size, in the same order, filling `w` × `h`. `sizes` should be sorted
/// biggest first; sizes of 0 (or less) get an empty rectangle.
pub fn squarify(sizes: &[f64], w: f64, h: f64) -> Vec<Rect> {
    let empty = Rect {
        x: 0.0,
        y: 0.0,
        w: 0.0,
        h: 0.0,
    };
    let mut out = vec![empty; sizes.len()];
    let live: Vec<usize> = (0..sizes.len()).filter(|&i| sizes[i] > 0.0).collect();
    let total: f64 = live.iter().map(|&i| sizes[i]).sum();
    if total <= 0.0 || w <= 0.0 || h <= 0.0 {
        return out;
    }
    let scale = w * h / total;
    let areas: Vec<f64> = live.iter().map(|&i| sizes[i] * scale).collect();
    let (mut x, mut y, mut w, mut h) = (0.0, 0.0, w, h);
    let mut i = 0;
    while i < areas.len() {
        let side = w.min(h);
        let mut j = i + 1;
        let mut sum = areas[i];
        let mut best = worst(&areas[i..j], sum, side);
        while j < areas.len() {
            let next = sum + areas[j];
            let wr = worst(&areas[i..=j], next, side);
            if wr > best {
                break;
            }
            best = wr;
            sum = next;
            j += 1;
        }
        if w >= h {
            // A column on the left, as wide as the row needs.
            let cw = if h > 0.0 { sum / h } else { 0.0 };
            let mut yy = y;
            for k in i..j {
                let rh = if cw > 0.0 { areas[k] / cw } else { 0.0 };
                out[live[k]] = Rect {
                    x,
                    y: yy,
                    w: cw,
                    h: rh,
                };
                yy += rh;
            }
            x += cw;
            w -= cw;
        } else {
            // A row along the top.
            let rh = if w > 0.0 { sum / w } else { 0.0 };
            let mut xx = x;
            for k in i..j {
                let cw = if rh > 0.0 { areas[k] / rh } else { 0.0 };
                out[live[k]] = Rect {
                    x: xx,
                    y,
                    w: cw,
                    h: rh,
                };
                xx += cw;
            }
            y += rh;
            h -= rh;
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_proportional_and_fill_the_box() {
        let sizes = [600.0, 300.0, 200.0, 100.0, 50.0, 25.0, 0.0];
        let r = squarify(&sizes, 800.0, 240.0);
        assert_eq!(r.len(), sizes.len());
        let total: f64 = sizes.iter().sum();
        for (s, rect) in sizes.iter().zip(&r) {
            let want = s / total * 800.0 * 240.0;
            assert!((rect.w * rect.h - want).abs() < 1e-6, "{s}: {rect:?}");
            assert!(rect.x >= -1e-9 && rect.y >= -1e-9);
            assert!(
                rect.x + rect.w <= 800.0 + 1e-6 && rect.y + rect.h <= 240.0 + 1e-6,
                "{rect:?}"
            );
        }
        assert_eq!(r[6].w * r[6].h, 0.0);
        // Squarified: the biggest is far from a sliver.
        assert!(r[0].w / r[0].h < 3.0 && r[0].h / r[0].w < 3.0, "{:?}", r[0]);
    }

    #[test]
    fn nothing_to_lay_out() {
        assert!(squarify(&[], 10.0, 10.0).is_empty());
        assert_eq!(squarify(&[0.0], 10.0, 10.0)[0].w, 0.0);
        assert_eq!(squarify(&[5.0], 0.0, 10.0)[0].w, 0.0);
    }
}

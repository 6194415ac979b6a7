//! Statistical disclosure control for what is published (`summary.pdf`):
//! the cells of a table, how they add up, and which of them to hide so
//! that no hidden count can be worked out (see docs/harvest.md, "Data
//! protection", for the rules and why).
//!
//! - **Primary suppression** ([`Cells::primary`]): a count of 1 to 4, a
//!   count whose complement in its group is 1 to 4, and every count of a
//!   group smaller than 5 (so "0 complete" of a group of one is hidden).
//! - **Secondary suppression** ([`Cells::protect`]): no line (a total and
//!   its parts) holds exactly one hidden cell, and no hidden cell is pinned
//!   to one value by the shown cells, the totals and the bounds a reader
//!   knows (a part is at most its total; `complete` at most `people`; a
//!   row listed has at least one person in it). A
//!   cell is hidden to protect another by taking, in one of its lines, the
//!   shown part with the smallest count above zero (hiding a zero beside a
//!   zero would pin both), else the line's total; in a line whose total is
//!   worth less than its parts (a domain's, beside its statements) the
//!   total first.

/// Counts below this are small: 1 to 4 people.
pub const THRESHOLD: u64 = 5;

/// The cells of one framework's published tables and what a reader knows
/// of how they relate.
#[derive(Clone, Debug, Default)]
pub struct Cells {
    value: Vec<u64>,
    hidden: Vec<bool>,
    /// (total, parts): the parts add up to the total.
    sums: Vec<(usize, Vec<usize>)>,
    /// The sums whose total is hidden first when a part needs protecting
    /// (a domain's total is worth less than its statements' rows).
    total_first: Vec<bool>,
    /// (a, bs): a is at most the sum of bs (most often one cell).
    at_most: Vec<(usize, Vec<usize>)>,
    /// What a reader knows a cell is at least (a group listed has at least one person).
    lower: Vec<u64>,
    /// Cells shown or hidden together (a statement's count and its
    /// "below", whose share would give one from the other).
    together: Vec<Vec<usize>>,
}

/// Whether `n` is a small count, 1 to 4.
pub fn small(n: u64) -> bool {
    (1..THRESHOLD).contains(&n)
}

impl Cells {
    /// A new cell holding the exact count `value`, shown until hidden.
    pub fn cell(&mut self, value: u64) -> usize {
        self.value.push(value);
        self.hidden.push(false);
        self.lower.push(0);
        self.value.len() - 1
    }

    /// The `parts` add up to `total`; a hidden part is protected by hiding
    /// another part.
    pub fn sum(&mut self, total: usize, parts: Vec<usize>) {
        debug_assert_eq!(self.value[total], parts.iter().map(|&p| self.value[p]).sum::<u64>(), "parts that do not add up");
        self.sums.push((total, parts));
        self.total_first.push(false);
    }

    /// The `parts` add up to `total`; a hidden part is protected by hiding
    /// the total first.
    pub fn sum_total_first(&mut self, total: usize, parts: Vec<usize>) {
        self.sum(total, parts);
        *self.total_first.last_mut().expect("a sum") = true;
    }

    /// `a` is at most `b` (a part of a group, or a count of people within all people).
    pub fn at_most(&mut self, a: usize, b: usize) {
        self.at_most.push((a, vec![b]));
    }

    /// `a` is at most the sum of `bs` (people served by a training option,
    /// and the people below "met" on the statements it closes).
    pub fn at_most_sum(&mut self, a: usize, bs: Vec<usize>) {
        debug_assert!(self.value[a] <= bs.iter().map(|&b| self.value[b]).sum::<u64>());
        self.at_most.push((a, bs));
    }

    /// A reader knows `cell` is at least `n` (a row listed has someone in it).
    pub fn at_least(&mut self, cell: usize, n: u64) {
        debug_assert!(self.value[cell] >= n);
        self.lower[cell] = n;
    }

    /// `cells` are shown or hidden together.
    pub fn together(&mut self, cells: Vec<usize>) {
        self.together.push(cells);
    }

    /// Primary suppression of `cell`, a count of people (or ratings) within
    /// a group of `group`: hidden when it is 1 to 4, when the rest of the
    /// group is 1 to 4, or when the group is smaller than 5.
    pub fn primary(&mut self, cell: usize, group: u64) {
        let n = self.value[cell];
        if small(n) || small(group.saturating_sub(n)) || group < THRESHOLD {
            self.hide(cell);
        }
    }

    pub fn hide(&mut self, cell: usize) {
        let mut stack = vec![cell];
        while let Some(c) = stack.pop() {
            if !self.hidden[c] {
                self.hidden[c] = true;
                stack.extend(self.together.iter().filter(|g| g.contains(&c)).flatten().copied());
            }
        }
    }

    pub fn is_hidden(&self, cell: usize) -> bool {
        self.hidden[cell]
    }

    /// The count as published: `None` when hidden.
    pub fn shown(&self, cell: usize) -> Option<u64> {
        (!self.hidden[cell]).then_some(self.value[cell])
    }

    /// Secondary suppression, until no line has exactly one hidden cell
    /// and no hidden cell is pinned down.
    pub fn protect(&mut self) {
        loop {
            let mut changed = false;
            for i in 0..self.sums.len() {
                let (total, parts) = self.sums[i].clone();
                let line: Vec<usize> = std::iter::once(total).chain(parts.iter().copied()).collect();
                if line.iter().filter(|&&c| self.hidden[c]).count() == 1 {
                    changed |= self.hide_another(i);
                }
            }
            if changed {
                continue;
            }
            let Some(pinned) = self.pinned().into_iter().next() else { return };
            let lines: Vec<usize> =
                (0..self.sums.len()).filter(|&i| self.sums[i].0 == pinned || self.sums[i].1.contains(&pinned)).collect();
            // A total worth less than its parts; else a shown part of a line;
            // else a shown cell bounding it (the smallest); else a line's total.
            let total_first = lines.iter().copied().find(|&i| self.total_first[i] && !self.hidden[self.sums[i].0]);
            let part = lines.iter().find_map(|&i| {
                self.sums[i].1.iter().copied().filter(|&p| !self.hidden[p] && self.value[p] > 0).min_by_key(|&p| (self.value[p], p))
            });
            let partner = self
                .at_most
                .iter()
                .filter(|(a, bs)| *a == pinned || bs.contains(&pinned))
                .flat_map(|(a, bs)| std::iter::once(*a).chain(bs.iter().copied()))
                .filter(|&c| c != pinned && !self.hidden[c])
                .min_by_key(|&c| (self.value[c], c));
            let total = lines.iter().map(|&i| self.sums[i].0).find(|&t| !self.hidden[t]);
            match total_first.map(|i| self.sums[i].0).or(part).or(partner).or(total) {
                Some(c) => self.hide(c),
                None => {
                    // Nothing left to hide near it: the whole table goes.
                    self.hidden.iter_mut().for_each(|h| *h = true);
                    return;
                }
            }
        }
    }

    /// Hides another cell of sum `line`: its total first if the line says
    /// so, else the shown part with the smallest count above zero, else the
    /// total; false when every cell of the line is hidden.
    fn hide_another(&mut self, line: usize) -> bool {
        let (total, parts) = (self.sums[line].0, &self.sums[line].1);
        let total_shown = (!self.hidden[total]).then_some(total);
        let part = parts.iter().copied().filter(|&p| !self.hidden[p] && self.value[p] > 0).min_by_key(|&p| (self.value[p], p));
        let pick = if self.total_first[line] { total_shown.or(part) } else { part.or(total_shown) }
            .or_else(|| parts.iter().copied().find(|&p| !self.hidden[p]));
        match pick {
            Some(c) => {
                self.hide(c);
                true
            }
            None => false,
        }
    }

    /// The hidden cells whose value the shown cells, the totals and the
    /// bounds leave to one value (by propagating bounds to a fixed point).
    pub fn pinned(&self) -> Vec<usize> {
        const OPEN: u64 = u64::MAX / 4;
        let n = self.value.len();
        let mut lo: Vec<u64> = (0..n).map(|c| if self.hidden[c] { self.lower[c] } else { self.value[c] }).collect();
        let mut hi: Vec<u64> = (0..n).map(|c| if self.hidden[c] { OPEN } else { self.value[c] }).collect();
        for _ in 0..200 {
            let mut changed = false;
            let mut tighten = |c: usize, l: u64, h: u64, lo: &mut Vec<u64>, hi: &mut Vec<u64>| {
                if l > lo[c] {
                    lo[c] = l;
                    changed = true;
                }
                if h < hi[c] {
                    hi[c] = h;
                    changed = true;
                }
            };
            for (total, parts) in &self.sums {
                // Upper bounds may be open: count those apart.
                let open = |c: usize, hi: &[u64]| hi[c] >= OPEN;
                let sum_lo: u64 = parts.iter().map(|&p| lo[p]).sum();
                let opens = parts.iter().filter(|&&p| open(p, &hi)).count();
                let finite: u64 = parts.iter().filter(|&&p| !open(p, &hi)).map(|&p| hi[p]).sum();
                tighten(*total, sum_lo, if opens > 0 { OPEN } else { finite }, &mut lo, &mut hi);
                for &p in parts {
                    let others_lo = sum_lo - lo[p];
                    let others_open = opens - usize::from(open(p, &hi));
                    let others_hi = if others_open > 0 { None } else { Some(finite - if open(p, &hi) { 0 } else { hi[p] }) };
                    let l = others_hi.map_or(0, |h| lo[*total].saturating_sub(h));
                    let h = if open(*total, &hi) { OPEN } else { hi[*total].saturating_sub(others_lo) };
                    tighten(p, l, h, &mut lo, &mut hi);
                }
            }
            for (a, bs) in &self.at_most {
                let open = |c: usize, hi: &[u64]| hi[c] >= OPEN;
                let opens = bs.iter().filter(|&&b| open(b, &hi)).count();
                let finite: u64 = bs.iter().filter(|&&b| !open(b, &hi)).map(|&b| hi[b]).sum();
                if opens == 0 {
                    tighten(*a, lo[*a], finite, &mut lo, &mut hi);
                }
                for &b in bs {
                    // b is at least what a needs beyond the others' most.
                    let others_open = opens - usize::from(open(b, &hi));
                    if others_open == 0 {
                        let others = finite - if open(b, &hi) { 0 } else { hi[b] };
                        tighten(b, lo[*a].saturating_sub(others), hi[b], &mut lo, &mut hi);
                    }
                }
            }
            if !changed {
                break;
            }
        }
        (0..n).filter(|&c| self.hidden[c] && lo[c] >= hi[c]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A column of parts and its total, each part at most the total.
    fn column(values: &[u64]) -> (Cells, usize, Vec<usize>) {
        let mut cells = Cells::default();
        let total = cells.cell(values.iter().sum());
        let parts: Vec<usize> = values.iter().map(|&v| cells.cell(v)).collect();
        for &p in &parts {
            cells.at_most(p, total);
        }
        cells.sum(total, parts.clone());
        (cells, total, parts)
    }

    #[test]
    fn one_small_cell_takes_another_with_it() {
        let (mut cells, total, parts) = column(&[3, 10, 7, 0]);
        for &p in &parts {
            let group = cells.value[total];
            cells.primary(p, group);
        }
        assert!(cells.is_hidden(parts[0]) && !cells.is_hidden(parts[1]));
        cells.protect();
        // The smallest other count above zero goes too, never the zero.
        assert!(cells.is_hidden(parts[2]) && !cells.is_hidden(parts[3]) && !cells.is_hidden(total));
        assert!(cells.pinned().is_empty());
    }

    #[test]
    fn a_hidden_zero_is_not_protected_by_another_zero() {
        let (mut cells, _, parts) = column(&[0, 0, 9]);
        cells.hide(parts[0]);
        cells.protect();
        assert!(!cells.is_hidden(parts[1]) && cells.is_hidden(parts[2]));
        assert!(cells.pinned().is_empty());
    }

    #[test]
    fn small_groups_and_complements_are_hidden() {
        let mut cells = Cells::default();
        let (zero_of_one, rest_small, fine) = (cells.cell(0), cells.cell(8), cells.cell(5));
        cells.primary(zero_of_one, 1);
        cells.primary(rest_small, 10);
        cells.primary(fine, 10);
        assert!(cells.is_hidden(zero_of_one) && cells.is_hidden(rest_small) && !cells.is_hidden(fine));
    }
}

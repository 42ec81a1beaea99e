//! View state for widgets: what is selected and scrolled, never how it looks.

pub mod editor;

/// Selection and scroll offset of a list whose height the layout decides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: usize,
}

impl ListCursor {
    pub fn select(&mut self, index: usize) {
        self.selected = index;
    }

    /// Move by `delta` within `len` items, clamping at both ends.
    pub fn move_by(&mut self, delta: isize, len: usize) {
        if len == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    }

    /// Select the row shown `line` rows below the top of the viewport.
    pub fn click(&mut self, line: usize, len: usize) {
        let index = self.offset + line;
        if index < len {
            self.selected = index;
        }
    }

    /// Scroll so the selection is inside a viewport of `height` rows.
    pub fn fit(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_selection_visible() {
        let mut c = ListCursor::default();
        c.move_by(12, 20);
        c.fit(5);
        assert_eq!((c.selected, c.offset), (12, 8));
        c.move_by(-10, 20);
        c.fit(5);
        assert_eq!((c.selected, c.offset), (2, 2));
        c.click(3, 20);
        assert_eq!(c.selected, 5);
        c.move_by(100, 20);
        assert_eq!(c.selected, 19);
    }
}

//! Positions in source text for error messages (`file:line:column`), shared
//! by the catalog loader and the workspace readers so neither imports the other.

/// Byte offset to 1-based line and column (the column counts characters).
/// An offset past the end or inside a character is clamped.
pub fn offset_to_line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::offset_to_line_col;

    #[test]
    fn lines_and_columns_are_one_based_and_count_characters() {
        let text = "a = 1\nné = 2\n";
        assert_eq!(offset_to_line_col(text, 0), (1, 1));
        assert_eq!(offset_to_line_col(text, 6), (2, 1));
        // 'é' is two bytes: the "=" after "né " is the fourth character.
        assert_eq!(offset_to_line_col(text, 10), (2, 4));
        assert_eq!(offset_to_line_col(text, 9999), (3, 1));
        assert_eq!(offset_to_line_col(text, 8), (2, 2));
    }
}
